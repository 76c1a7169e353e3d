// Where a paper's title links, and which of its abstract's links is its code.

const CODE_HOSTS = /^https?:\/\/(www\.)?(github\.com|gitlab\.com|bitbucket\.org|huggingface\.co\/(?!papers)|codeberg\.org)/i;

export function paperUrl(paper: { arxivId: string | null; title: string }): string {
  if (paper.arxivId) return `https://huggingface.co/papers/${encodeURIComponent(paper.arxivId)}`;
  return `https://huggingface.co/papers?q=${encodeURIComponent(paper.title)}`;
}

export function splitLinks(links: string[]): { codeUrl: string | null; others: string[] } {
  const codeUrl = links.find((link) => CODE_HOSTS.test(link)) ?? null;
  return { codeUrl, others: links.filter((link) => link !== codeUrl) };
}
