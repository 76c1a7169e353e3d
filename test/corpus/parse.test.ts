import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractLinks, normaliseTitle, parsePage, type ParsedPage } from '../../src/corpus/parse.js';
import { ParseError } from '../../src/shared/errors.js';
import { parseFeed } from '../../src/corpus/feed-entries.js';
import { parseArxivPage } from '../../src/corpus/arxiv-atom.js';
import { atomFeed } from './arxiv-server.js';
import { REPO_ROOT, SEEDS_DIR } from '../../testkit/paths.js';

// The real samples: seeds/ in the repository, or the shared corpus they are copied from.
const CORPUS = existsSync(SEEDS_DIR) ? SEEDS_DIR : path.resolve(REPO_ROOT, '../shared/corpus');
const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/pages');
const TODAY = new Date(Date.UTC(2026, 10, 22)); // 2026-11-22
const S000 = '000_96ce6ec1c06ae053.txt';
const S001 = '001_9a059b36130610fa.txt';
const S002 = '002_346b18e231d628d7.txt';
const S003 = '003_5326c7bf5b48a0e5.txt';

const sample = (name: string) => readFileSync(path.join(CORPUS, name), 'utf8');
const parseSample = (name: string, today = TODAY) => parsePage(sample(name), name, { today });
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8');
const parseFixture = (name: string) => parsePage(fixture(name), name, { today: TODAY });
const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const entryAt = (page: ParsedPage, line: number) => {
  const entry = page.entries.find((e) => e.line === line);
  if (!entry) throw new Error(`no entry at line ${line}`);
  return entry;
};

/** Runs `parse` and returns its ParseError, failing the test when it does not throw one. */
function parseError(parse: () => unknown): ParseError {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(ParseError);
    return error as ParseError;
  }
  throw new Error('expected a ParseError');
}

const HEADER = 'new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nbyAK and the research community\n\nMar 11\n\n';

describe('real samples', () => {
  it('parses every sample in the corpus', () => {
    const names = readdirSync(CORPUS).filter((name) => name.endsWith('.txt'));
    expect(names.length).toBeGreaterThanOrEqual(4);
    for (const name of names) expect(parseSample(name).entries.length).toBeGreaterThan(0);
  });

  it('finds the entry counts counted by hand', () => {
    // 000: titles every 8 lines from 13 to 309; 001: every 4 from 11 to 311; 003: every 4 from
    // 11 to 243; 002: every other line from 3 to 435.
    expect(parseSample(S000).entries).toHaveLength(38);
    expect(parseSample(S001).entries).toHaveLength(76);
    expect(parseSample(S002).entries).toHaveLength(217);
    expect(parseSample(S003).entries).toHaveLength(59);
  });

  it('reads layout (a): entries with metadata blocks', () => {
    const page = parseSample(S000);
    // "Dec 15" is not after 2026-11-22 only in 2025.
    expect(page.pageDate).toEqual(day('2025-12-15'));
    expect(page.pageDateKnown).toBe(true);

    const first = page.entries[0]!;
    expect(first).toMatchObject({
      title: 'HiCMAE: Hierarchical Contrastive Masked Autoencoder for Self-Supervised Audio-Visual Emotion Recognition',
      titleKey: 'hicmae hierarchical contrastive masked autoencoder for self supervised audio visual emotion recognition',
      authorCount: 4,
      publishedAt: day('2024-01-11'),
      upvotes: 0,
      links: ['https://github.com/sunlicai/HiCMAE'], // the full stop after it is prose
      line: 13,
    });
    expect(first.abstract.startsWith('Audio-Visual Emotion Recognition (AVER) has garnered')).toBe(true);

    // Year and upvotes: "Apr 10, 2024 2".
    expect(entryAt(page, 29)).toMatchObject({ authorCount: 3, publishedAt: day('2024-04-10'), upvotes: 2 });
    // No year, no upvotes: "Sep 25" on a page of 2025-12-15.
    expect(entryAt(page, 53)).toMatchObject({
      title: 'Provable Scaling Laws of Feature Emergence from Learning Dynamics of Grokking',
      authorCount: 1,
      publishedAt: day('2025-09-25'),
      upvotes: 0,
    });
    // No year, with upvotes: "Apr 14 2" and "Nov 14 2".
    expect(entryAt(page, 165)).toMatchObject({ authorCount: 4, publishedAt: day('2025-04-14'), upvotes: 2 });
    expect(entryAt(page, 293)).toMatchObject({ authorCount: 3, publishedAt: day('2025-11-14'), upvotes: 2 });
    // Double-digit author count; the file ends right after the last date line.
    const last = page.entries.at(-1)!;
    expect(last).toMatchObject({ line: 309, authorCount: 10, publishedAt: day('2023-06-08'), upvotes: 0 });
    expect(last.abstract.endsWith('Code shall be released.')).toBe(true);
    // Every entry of this page has its metadata.
    expect(page.entries.every((e) => e.authorCount !== null && e.publishedAt !== null)).toBe(true);
  });

  it('reads layout (b): entries without metadata', () => {
    const page = parseSample(S001);
    expect(page.pageDate).toEqual(day('2026-03-11'));
    expect(page.entries.every((e) => e.authorCount === null && e.publishedAt === null && e.upvotes === 0)).toBe(true);
    expect(page.entries[0]!.title).toBe(parseSample(S000).entries[0]!.title);

    const gsimclr = entryAt(page, 123);
    expect(gsimclr.title).toBe('G-SimCLR : Self-Supervised Contrastive Learning with Guided Projection via Pseudo Labelling');
    expect(gsimclr.titleKey).toBe(normaliseTitle('G-SimCLR: Self-Supervised Contrastive Learning with Guided Projection via Pseudo Labelling'));
    // An abstract ending with a bare URL, no full stop.
    expect(entryAt(page, 95).links).toEqual(['https://github.com/jmlipman/TopoMortar']);
    expect(entryAt(page, 311)).toMatchObject({ title: 'FIT: Far-reaching Interleaved Transformers' });
    expect(entryAt(page, 311).abstract.startsWith('We present FIT:')).toBe(true);

    const page3 = parseSample(S003);
    expect(page3.pageDate).toEqual(day('2026-07-03'));
    expect(page3.entries[0]!).toMatchObject({
      title: 'ViG: Linear-complexity Visual Sequence Learning with Gated Linear Attention',
      line: 11,
      links: ['https://github.com/hustvl/ViG'],
    });
    // Titles that end with "?" are still titles.
    expect(entryAt(page3, 103).title).toBe('Is Temperature Sample Efficient for Softmax Gaussian Mixture of Experts?');
    expect(entryAt(page3, 191).title).toBe('White-Box Transformers via Sparse Rate Reduction: Compression Is All There Is?');
    // A mid-page abstract that lost its final full stop is still an abstract.
    expect(entryAt(page3, 199).abstract.endsWith('to boost efficiency')).toBe(true);
    // An abstract ending with "..." is complete.
    expect(entryAt(page3, 95).abstract.endsWith('e-commerce search engine, ...')).toBe(true);
  });

  it('reads layout (c): no blank lines, no page date, header glued to the first title', () => {
    const page = parseSample(S002);
    expect(page.pageDateKnown).toBe(false);
    expect(page.pageDate).toEqual(TODAY);
    const first = page.entries[0]!;
    expect(first).toMatchObject({ title: 'Transformer Memory as a Differentiable Search Index', line: 3, links: [] });
    expect(first.abstract.startsWith('In this paper, we demonstrate that information retrieval')).toBe(true);
    expect(entryAt(page, 5).links).toEqual(['https://github.com/nilesh2797/dexml']);
    expect(entryAt(page, 35).titleKey).toBe('diffrate differentiable compression rate for efficient vision transformers');
    expect(entryAt(page, 71).abstract.endsWith('and natural language processing')).toBe(true);
    // LaTeX debris after a URL, a bare github.com address, a URL glued to "website:".
    expect(entryAt(page, 117).links).toEqual(['https://github.com/hutaiHang/Faster-Diffusion']);
    expect(entryAt(page, 171).links).toEqual(['https://github.com/FutureXiang/ddae']);
    expect(entryAt(page, 219).links).toEqual(['https://freestylefreelunch.github.io/']);
    // The page ends with an abstract whose last word is a URL: complete, not cut.
    expect(page.entries.at(-1)!).toMatchObject({ line: 435, links: ['https://github.com/vkinakh/mv-mr'] });
  });

  it('gives a paper the same key on every page that lists it', () => {
    const keys = (name: string) => new Set(parseSample(name).entries.map((e) => e.titleKey));
    const [k000, k001, k003] = [keys(S000), keys(S001), keys(S003)];
    expect([...k000].filter((key) => k001.has(key))).toContain('matryoshka representation learning');
    expect(k003.has(entryAt(parseSample(S000), 165).titleKey)).toBe(true);
  });

  it('parses CRLF, lone CR, BOM and trailing-whitespace variants the same way', () => {
    for (const name of [S000, S001, S002, S003]) {
      const text = sample(name);
      const expected = parsePage(text, name, { today: TODAY });
      const variants = [
        text.replace(/\n/g, '\r\n'),
        `\uFEFF${text.replace(/\n/g, '\r\n')}\r\n`,
        `\uFEFF${text}`,
        text.replace(/\n/g, '\r'),
        text.replace(/\n/g, ' \t\n'),
      ];
      for (const variant of variants) expect(parsePage(variant, name, { today: TODAY })).toEqual(expected);
    }
  });
});

describe('odd but valid pages', () => {
  it('skips unknown header lines, collapses whitespace, balances parentheses in links, places leap days', () => {
    const page = parseFixture('ok-odd.txt');
    expect(page.pageDate).toEqual(day('2026-03-11'));
    expect(page.entries).toHaveLength(3);
    const [widgets, gadgets, dream] = page.entries;
    expect(widgets).toMatchObject({
      title: 'Sparse Widgets for Dense Gadgets',
      line: 13,
      authorCount: 3,
      publishedAt: day('2024-02-29'), // the latest Feb 29 not after 2026-03-11
      upvotes: 5,
      links: ['https://github.com/example/widgets'],
    });
    expect(gadgets).toMatchObject({ line: 21, authorCount: null, links: ['https://en.wikipedia.org/wiki/Gadget_(device)'] });
    expect(dream).toMatchObject({ title: 'Do Widgets Dream of Gadgets?', authorCount: 1, publishedAt: day('2019-12-31') });
  });

  it('drops terminal escape sequences and control characters from titles and abstracts', () => {
    const text = fixture('ok-odd.txt').replace('Sparse Widgets for Dense Gadgets', 'Sparse \u001b[31mWidgets\u001b[0m for\u0007 Dense Gadgets');
    const [widgets] = parsePage(text, 'escapes.txt', { today: TODAY }).entries;
    expect(widgets!.title).toBe('Sparse Widgets for Dense Gadgets');
    // The feed and the arXiv API are read the same way.
    const hostile = 'Sparse \u001b[31mWidgets\u001b[0m for\u0007 Dense Gadgets';
    const feed = parseFeed(JSON.stringify([{ paper: { id: '2611.00001', title: hostile, summary: `${hostile}.`, authors: [{ name: 'A.\u001b]0;pwned\u0007 Author' }] } }]));
    expect(feed[0]).toMatchObject({ title: 'Sparse Widgets for Dense Gadgets', abstract: 'Sparse Widgets for Dense Gadgets.', authors: ['A. Author'] });
    const atom = parseArxivPage(atomFeed([{ id: '2611.00001v1', title: hostile, summary: `${hostile}.`, published: '2026-11-20T00:00:00Z', authors: ['B.\u001b[1m Author'], categories: ['cs.LG'] }], 1, 0));
    expect(atom.entries[0]).toMatchObject({ title: 'Sparse Widgets for Dense Gadgets', authors: ['B. Author'] });
  });

  // Two papers of arXiv may share a title: the feed gives each its id, so both are kept, the second
  // under a key of its own (it was dropped: the first listing under a title counted, as on a page).
  it('keeps two feed papers that share a title, and one id listed twice once', () => {
    const same = (id: string, summary: string) => ({ paper: { id, title: 'Scaling Laws Revisited', summary } });
    const feed = parseFeed(JSON.stringify([same('2611.88002', 'One study.'), same('2611.88003', 'Another study.'), same('2611.88002', 'One study, listed again.')]));
    expect(feed.map((entry) => [entry.arxivId, entry.titleKey])).toEqual([
      ['2611.88002', 'scaling laws revisited'],
      ['2611.88003', 'scaling laws revisited [arxiv:2611.88003]'],
    ]);
  });

  it('completes years relative to today and to the page date', () => {
    const page = (today: Date) => parsePage(`${HEADER.replace('Mar 11', 'Dec 15')}T\n\nA b. C d.\n\n• 2 authors\n·\nDec 20\n`, 'p', { today });
    // Page "Dec 15" seen on Dec 15 is today; the entry's "Dec 20" is then last year's.
    expect(page(day('2026-12-15')).pageDate).toEqual(day('2026-12-15'));
    expect(page(day('2026-12-15')).entries[0]!.publishedAt).toEqual(day('2025-12-20'));
    expect(page(day('2026-12-14')).pageDate).toEqual(day('2025-12-15'));
    expect(page(day('2026-12-14')).entries[0]!.publishedAt).toEqual(day('2024-12-20'));
  });

  it('skips unknown header lines, even sentence-like ones, before the known ones', () => {
    const text = 'Trending papers, updated daily.\n\nnew\nSomething New!\nSubscribe\nMar 11\nT\nA b. C d.\n';
    const page = parsePage(text, 'p', { today: TODAY });
    expect(page.pageDate).toEqual(day('2026-03-11'));
    expect(page.entries).toMatchObject([{ title: 'T', abstract: 'A b. C d.', line: 7 }]);
  });

  it('accepts a page without any header', () => {
    const page = parsePage('A Title\nAn abstract. It ends.\n', 'bare', { today: new Date('2026-11-22T15:30:00Z') });
    expect(page).toMatchObject({ pageDateKnown: false, pageDate: TODAY });
    expect(page.entries).toMatchObject([{ title: 'A Title', abstract: 'An abstract. It ends.', line: 1 }]);
  });
});

describe('bad pages', () => {
  const cases: Array<[file: string, line: number, reason: RegExp]> = [
    ['bad-empty.txt', 1, /empty/],
    ['bad-binary.bin', 7, /binary.*NUL/],
    ['bad-invalid-utf8.txt', 7, /binary.*UTF-8/],
    ['bad-header-only.txt', 9, /header but no entries/],
    ['bad-title-at-eof.txt', 19, /title has no abstract/],
    ['bad-title-then-title.txt', 11, /title has no abstract.*another title at line 13/],
    ['bad-title-then-metadata.txt', 11, /title has no abstract.*metadata/],
    ['bad-metadata-cut.txt', 16, /truncated.*metadata/],
    ['bad-abstract-cut.txt', 17, /truncated.*cut mid-sentence/],
    ['bad-metadata-misplaced.txt', 15, /metadata line in the wrong place/],
    ['bad-upvotes.txt', 17, /upvote count "many" is not a number/],
    ['bad-authors.txt', 15, /author count "three" is not a number/],
    ['bad-date.txt', 17, /impossible date "Feb 30 4"/],
  ];
  it.each(cases)('%s fails at line %i', (file, line, reason) => {
    const error = parseError(() => parseFixture(file));
    expect(error).toMatchObject({ file, line, status: 422 });
    expect(error.reason).toMatch(reason);
    expect(error.message).toBe(`${file}:${line}: ${error.reason}`);
  });

  const inline: Array<[name: string, text: string, line: number, reason: RegExp]> = [
    ['BOM only', '\uFEFF\r\n', 1, /empty/],
    ['mostly control characters', `Title\n${'\u0001\u0002\u0003x'.repeat(50)}\n`, 2, /non-printable/],
    ['impossible page date', HEADER.replace('Mar 11', 'Feb 30') + 'T\n\nA b. C d.\n', 9, /impossible page date/],
    ['title at end of file after an abstract', `${HEADER}T\n\nA b. C d.\n\nLast Title\n`, 15, /no abstract.*last line/],
    ['metadata before any entry', `${HEADER}  • 4 authors\n·\nJan 1, 2024\n`, 11, /wrong place.*before any entry/],
    ['second metadata block', `${HEADER}T\n\nA b. C d.\n\n• 2 authors\n·\nJan 1, 2024\n• 2 authors\n`, 18, /wrong place/],
    ['date where "·" belongs', `${HEADER}T\n\nA b. C d.\n\n• 2 authors\nJan 1, 2024\n`, 16, /expected "·"/],
    ['title where the date belongs', `${HEADER}T\n\nA b. C d.\n\n• 2 authors\n·\nNext Title\n\nA b. C d.\n`, 17, /expected a date/],
    ['date cut after the author line', `${HEADER}T\n\nA b. C d.\n\n• 2 authors\r\n`, 15, /truncated.*metadata/],
    ['impossible year date', `${HEADER}T\n\nA b. C d.\n\n• 2 authors\n·\nFeb 29, 2023 1\n`, 17, /impossible date/],
    ['abstract without a title', `${HEADER}T\n\nA b. C d.\n\nOrphan text. It has no title.\n`, 15, /abstract without a title/],
    ['glued header, then a cut abstract', 'SubscribeA Title\nWe propose a method. It works and we', 2, /cut mid-sentence/],
    ['a one-phrase cut abstract', `${HEADER}T\n\nwe show that the method`, 13, /truncated/],
  ];
  it.each(inline)('%s', (_name, text, line, reason) => {
    const error = parseError(() => parsePage(text, 'inline.txt', { today: TODAY }));
    expect(error).toMatchObject({ file: 'inline.txt', line });
    expect(error.reason).toMatch(reason);
  });

  it('reports a removed abstract in a real sample at the title that lost it', () => {
    const lines = sample(S000).split('\n');
    lines.splice(22, 2); // line 23 is the abstract of "Linguistic Collapse" (line 21)
    const error = parseError(() => parsePage(lines.join('\n'), S000, { today: TODAY }));
    expect(error).toMatchObject({ file: S000, line: 21 });
    const glued = sample(S002).split('\n');
    glued.splice(5, 1); // line 6 is the abstract of line 5; line 7 is the next title
    expect(parseError(() => parsePage(glued.join('\n'), S002, { today: TODAY }))).toMatchObject({ line: 5 });
  });

  it('reports a sample cut mid-abstract at the cut line', () => {
    const text = sample(S003);
    const cut = text.slice(0, text.lastIndexOf(' explanatory.'));
    expect(parseError(() => parsePage(cut, S003, { today: TODAY }))).toMatchObject({ line: 245 });
  });
});

describe('normaliseTitle', () => {
  it.each([
    ['DiffRate : Differentiable Compression Rate', 'DiffRate: Differentiable Compression Rate'],
    ['Self–Supervised Learning — A Survey', 'Self-Supervised Learning - A Survey'],
    ['“Quoted” Titles Aren’t Special', '"Quoted" Titles Aren\'t Special'],
    ['ＦＵＬＬ-width  Letters', 'FULL-width Letters'],
    ['  Spaces\tand\u00a0NBSP ', 'spaces and nbsp'],
    ['BUS:Efficient Pre-training', 'BUS: Efficient Pre-training'],
  ])('%s ≡ %s', (a, b) => {
    expect(normaliseTitle(a)).toBe(normaliseTitle(b));
  });

  it('keeps letters, digits and single spaces only', () => {
    expect(normaliseTitle('DiffRate : Differentiable Compression Rate')).toBe('diffrate differentiable compression rate');
    expect(normaliseTitle('BT^2: Backward-compatible Training')).toBe('bt 2 backward compatible training');
    expect(normaliseTitle("What We're Looking At")).toBe('what were looking at');
    expect(normaliseTitle('RelationNet++: Bridging')).toBe('relationnet bridging');
  });

  it('keeps different papers apart', () => {
    expect(normaliseTitle('Dual Path Networks')).not.toBe(normaliseTitle('Dual Path Network'));
  });
});

describe('extractLinks', () => {
  it.each([
    ['Code at https://github.com/sunlicai/HiCMAE.', ['https://github.com/sunlicai/HiCMAE']],
    ['(see https://x.org/a_(b)).', ['https://x.org/a_(b)']],
    ['(code: https://x.org/a).', ['https://x.org/a']],
    ['Both https://a.io/x, and https://a.io/x; again.', ['https://a.io/x']],
    ['"https://q.io/p?x=1&y=2"!', ['https://q.io/p?x=1&y=2']],
    ['at https://git.io/HRNet.OCR. And https://x.io/y/.', ['https://git.io/HRNet.OCR', 'https://x.io/y/']],
    ['in https://github.com/h/Faster-Diffusion{FasterDiffusion}.', ['https://github.com/h/Faster-Diffusion']],
    ['at github.com/FutureXiang/ddae.', ['https://github.com/FutureXiang/ddae']],
    ['No links here, e.g. none.', []],
  ])('%s', (abstract, links) => {
    expect(extractLinks(abstract)).toEqual(links);
  });
});
