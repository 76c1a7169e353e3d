// Where a paper's title links, and which of its abstract's links is its code.

/** Hosts of code, matched on the whole host name: github.com.evil.example is not GitHub. */
const CODE_HOSTS = new Set(['github.com', 'gitlab.com', 'bitbucket.org', 'codeberg.org', 'huggingface.co']);

function isCodeUrl(link: string): boolean {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return false;
  }
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  if (!/^https?:$/.test(url.protocol) || !CODE_HOSTS.has(host)) return false;
  // On Hugging Face, models, spaces and datasets are code; its paper pages are not.
  return host !== 'huggingface.co' || !/^\/papers(\/|$)/.test(url.pathname);
}

export function paperUrl(paper: { arxivId: string | null; title: string }): string {
  if (paper.arxivId) return `https://huggingface.co/papers/${encodeURIComponent(paper.arxivId)}`;
  return `https://huggingface.co/papers?q=${encodeURIComponent(paper.title)}`;
}

export function splitLinks(links: string[]): { codeUrl: string | null; others: string[] } {
  const codeUrl = links.find(isCodeUrl) ?? null;
  return { codeUrl, others: links.filter((link) => link !== codeUrl) };
}
