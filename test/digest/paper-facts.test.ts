// What a card says about a paper besides its abstract: who wrote it and where to read it.
import { describe, expect, it } from 'vitest';
import { authorLine, shortName } from '../../src/digest/authors.js';
import { cleanArxivId, paperLinks } from '../../src/digest/paper-links.js';
import { toDigestPaper, type StoredPaper } from '../../src/digest/compose.js';

describe('author names', () => {
  it('shortens names to initials and surname, keeping particles, hyphens and suffixes', () => {
    expect(shortName('Ashish Vaswani')).toBe('A. Vaswani');
    expect(shortName('  Noam   Shazeer ')).toBe('N. Shazeer');
    expect(shortName('Jean-Baptiste Alayrac')).toBe('J.-B. Alayrac');
    expect(shortName('Laurens van der Maaten')).toBe('L. van der Maaten');
    // Particles of other languages, in either case; a particle among given names is not an initial.
    expect(shortName('Fatima Zahra El Amrani')).toBe('F. Z. El Amrani');
    expect(shortName('Mohamed Ben Ali')).toBe('M. Ben Ali');
    expect(shortName('María de los Ángeles Pérez')).toBe('M. de los Á. Pérez');
    expect(shortName('Christopher De Sa')).toBe('C. De Sa');
    // Capitalised, "Van" is a Vietnamese middle name, not a Dutch particle.
    expect(shortName('Tran Van Duc')).toBe('T. V. Duc');
    expect(shortName('Martin Luther King Jr.')).toBe('M. L. King Jr.');
    expect(shortName('Vaswani, Ashish')).toBe('A. Vaswani');
    expect(shortName('A. Vaswani')).toBe('A. Vaswani');
    expect(shortName('Łukasz Kaiser')).toBe('Ł. Kaiser');
    expect(shortName('张伟')).toBe('张伟');
    expect(shortName('李 伟')).toBe('李 伟');
    expect(shortName('山田 太郎')).toBe('山田 太郎');
    expect(shortName('김 민준')).toBe('김 민준');
    expect(shortName('OpenAI')).toBe('OpenAI');
  });

  it('writes a group that signs as an author whole, not as initials and a surname', () => {
    // arXiv lists "Gemini Team" (2312.11805) and "Kimi Team" (2501.12599) first; read as people they
    // were "G. Team" and, with the comma read as "Surname, Given", "G. G. Team".
    expect(shortName('Gemini Team')).toBe('Gemini Team');
    expect(shortName('Gemini Team, Google')).toBe('Gemini Team, Google');
    expect(shortName('Kimi Team')).toBe('Kimi Team');
    expect(shortName('ATLAS Collaboration')).toBe('ATLAS Collaboration');
    expect(shortName('The OLMo Project')).toBe('The OLMo Project');
    expect(shortName('AI @ Meta')).toBe('AI @ Meta');
    expect(authorLine(['Gemini Team', 'Rohan Anil', 'Sebastian Borgeaud'], 1350)).toBe('Gemini Team, R. Anil + 1,348');
    // Organisations: read as people they were "M. AI", "B. Workshop", "H. Face", "A. I. f. AI".
    for (const name of ['Meta AI', 'BigScience Workshop', 'Hugging Face', 'Allen Institute for AI', 'Google DeepMind', 'Tsinghua University']) expect(shortName(name)).toBe(name);
    // An affiliation after a name is left out, not read as the surname ("O. V. (Google)").
    expect(shortName('Oriol Vinyals (Google)')).toBe('O. Vinyals');
    // People keep their initials, whatever their names contain.
    expect(shortName('Ai Kato')).toBe('A. Kato');
    expect(shortName('Teamir Grouper')).toBe('T. Grouper');
    expect(shortName('Ada Labsworth')).toBe('A. Labsworth');
  });

  it('names two authors and counts the rest, all of them when there are three or fewer', () => {
    const eight = ['Ashish Vaswani', 'Noam Shazeer', 'Niki Parmar', 'Jakob Uszkoreit', 'Llion Jones', 'Aidan N. Gomez', 'Łukasz Kaiser', 'Illia Polosukhin'];
    expect(authorLine(eight, 8)).toBe('A. Vaswani, N. Shazeer + 6');
    expect(authorLine(eight.slice(0, 3), 3)).toBe('A. Vaswani, N. Shazeer, N. Parmar');
    expect(authorLine(['Ada Lovelace'], null)).toBe('A. Lovelace');
    // The count may be larger than the names a source gave.
    expect(authorLine(['Ada Lovelace'], 1500)).toBe('A. Lovelace + 1,499');
  });

  it('falls back to the count, or nothing', () => {
    expect(authorLine([], 7)).toBe('7 authors');
    expect(authorLine([], 1)).toBe('1 author');
    expect(authorLine([], null)).toBe('');
    expect(authorLine(['  '], null)).toBe('');
  });
});

describe('paper links', () => {
  it('searches for a TeX title as TeX prints it, and the card shows it so', () => {
    const title = 'Scaling $\\alpha$-Sparse \\emph{Attention} for Long Contexts';
    expect(paperLinks({ arxivId: null, title, links: [] }).search).toBe(`https://arxiv.org/search/?query=${encodeURIComponent('Scaling α-Sparse Attention for Long Contexts')}&searchtype=title`);
    const stored = { title, titleKey: 'k', abstract: 'A.', arxivId: null, links: [], authorCount: null, authors: [], publishedAt: null, upvotes: 0 };
    expect(toDigestPaper(stored as unknown as StoredPaper, { reasons: [], score: 1 }, new Date('2026-12-03T00:00:00Z')).title).toBe('Scaling α-Sparse Attention for Long Contexts');
  });

  it('links the arXiv abstract, PDF and Hugging Face page when the id is known', () => {
    expect(paperLinks({ arxivId: '2603.01234', title: 'T', links: ['https://github.com/a/b', 'https://example.org'] })).toEqual({
      abs: 'https://arxiv.org/abs/2603.01234',
      pdf: 'https://arxiv.org/pdf/2603.01234',
      hf: 'https://huggingface.co/papers/2603.01234',
      code: 'https://github.com/a/b',
      search: null,
    });
    // A version is kept for arXiv; Hugging Face pages are per paper.
    expect(paperLinks({ arxivId: '2603.01234v2', title: 'T', links: [] })).toMatchObject({ pdf: 'https://arxiv.org/pdf/2603.01234v2', hf: 'https://huggingface.co/papers/2603.01234' });
    // A dataset or model on Hugging Face is not "Code"; a repository named after it is.
    expect(paperLinks({ arxivId: null, title: 'T', links: ['https://huggingface.co/datasets/acme/cd-bench', 'https://huggingface.co/acme/model'] }).code).toBeNull();
    expect(paperLinks({ arxivId: null, title: 'T', links: ['https://huggingface.co/datasets/acme/cd-bench', 'https://gitlab.com/acme/cd'] }).code).toBe('https://gitlab.com/acme/cd');
    // Identifiers from before 2007 have arXiv pages, not Hugging Face ones.
    expect(paperLinks({ arxivId: 'hep-th/9901001', title: 'T', links: [] })).toMatchObject({ abs: 'https://arxiv.org/abs/hep-th/9901001', hf: null, search: null });
  });

  it('offers a title search only when no usable arXiv id is known', () => {
    for (const arxivId of [null, '', 'not an id', '../../etc', '2603.1']) {
      const links = paperLinks({ arxivId, title: 'Attention Is All You Need & more', links: [] });
      expect(links).toEqual({ abs: null, pdf: null, hf: null, code: null, search: 'https://arxiv.org/search/?query=Attention%20Is%20All%20You%20Need%20%26%20more&searchtype=title' });
    }
    expect(cleanArxivId('arXiv:2603.01234')).toBe('2603.01234');
  });
});
