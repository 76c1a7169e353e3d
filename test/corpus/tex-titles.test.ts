// Titles as arXiv's authors type them are TeX. The arXiv API and the daily-papers feed pass them on
// as typed; a paper is stored, matched and mailed under the text TeX would print.
import { describe, expect, it } from 'vitest';
import { parseArxivPage } from '../../src/corpus/arxiv-atom.js';
import { parseFeed } from '../../src/corpus/feed-entries.js';
import { texToPlain } from '../../src/shared/tex.js';
import { atomFeed } from './arxiv-server.js';

const TEX_TITLE = 'Scaling Diffusion Transformers with\n      $\\alpha$-Sparse \\emph{Attention}';
const PLAIN_TITLE = 'Scaling Diffusion Transformers with α-Sparse Attention';

describe('TeX in titles', () => {
  it('is read as the text it prints from an arXiv API answer, multi-line titles on one line', () => {
    const body = atomFeed([{ id: '2612.00001v2', title: TEX_TITLE, summary: 'Sparse attention.', published: '2026-12-03T10:00:00Z', authors: ['Ashish Vaswani'], categories: ['cs.LG'] }], 1, 0);
    const [paper] = parseArxivPage(body).entries;
    expect(paper).toMatchObject({ title: PLAIN_TITLE, titleKey: 'scaling diffusion transformers with α sparse attention', arxivId: '2612.00001' });
  });

  it('is read the same from the daily-papers feed, so both sources name the paper alike', () => {
    const [paper] = parseFeed(JSON.stringify([{ paper: { id: '2612.00001', title: TEX_TITLE, summary: 'Sparse attention.' } }]));
    expect(paper).toMatchObject({ title: PLAIN_TITLE, titleKey: 'scaling diffusion transformers with α sparse attention' });
  });

  it('turns math, fonts, accents, symbols and escapes into text, and leaves plain titles alone', () => {
    expect(texToPlain('Schr\\"odinger Bridges and {\\\'E}tale Maps')).toBe('Schrödinger Bridges and Étale Maps');
    expect(texToPlain('$\\mathcal{O}(n \\log n)$ Attention for $\\textbf{\\emph{All}}$')).toBe('O(n log n) Attention for All');
    expect(texToPlain('$\\infty$-Video: $k$-NN at $10^{6}$ Scale, 50\\% Cheaper than \\$100')).toBe('∞-Video: k-NN at 10^6 Scale, 50% Cheaper than $100');
    expect(texToPlain('The \\LaTeX{} Way, by Pe\\~na and Ko\\v{c}i')).toBe('The LaTeX Way, by Peña and Koči');
    for (const plain of ['Under $100: Cheap Models', 'GPT-4 > GPT-3? A Study', 'Attention Is All You Need']) expect(texToPlain(plain)).toBe(plain);
    // TeX's quotes, as an abstract of the sample writes them; an apostrophe stays one.
    expect(texToPlain("vectors, called ``slots'' or ``object files''. The model's slots")).toBe('vectors, called “slots” or “object files”. The model\'s slots');
  });
});
