// Hostile corpus pages (issue 18): a page over the size limit is refused unread; a page that puts
// a known title (as is, or in full-width letters) over another abstract cannot raise the paper's
// upvotes or add links to it; a title repeated within one page counts once; an implausible upvote
// count is not believed; a code link is a code link only on the code host's exact name.
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ingestFiles, ingestPage } from '../../src/corpus/index.js';
import { migrate, openDatabase, type Database } from '../../src/db/index.js';
import { paperLinks } from '../../src/digest/paper-links.js';
import { arxivIdInText, ownArxivIdInText } from '../../src/corpus/links.js';
import { createTestDatabase, tempDir, type TestDatabase } from '../../testkit/database.js';

const codeOf = (links: string[]) => paperLinks({ arxivId: null, title: 'a paper', links }).code;
const NOW = new Date('2026-11-22T06:00:00Z');
const TITLE = 'Sparse Mixtures of Experts for Tiny Devices';
const ABSTRACT = 'We route tokens to a few small experts so that a phone can run a large model. Experts are chosen per token by a learned gate. Code: https://github.com/example/tiny-moe.';

const page = (...entries: string[][]) => ['Daily Papers', '', 'Nov 22', '', ...entries.flatMap((entry) => [...entry, ''])].join('\n');
const entry = (title: string, abstract: string, upvotes: number) => [title, '', abstract, '', '  • 3 authors', '·', `Nov 20 ${upvotes}`];
const fullWidth = (text: string) => text.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('hostile corpus pages', () => {
  let test: TestDatabase;
  let db: Database;
  const paper = () => db.prisma.paper.findFirstOrThrow({ where: { titleKey: 'sparse mixtures of experts for tiny devices' } });

  // Each test starts from a database holding only the genuine page (3 upvotes).
  beforeEach(async () => {
    test = await createTestDatabase('postgres');
    db = await openDatabase({ databaseUrl: test.url, dataDir: test.dataDir });
    await migrate(db);
    await ingestPage(db, 'genuine.txt', Buffer.from(page(entry(TITLE, ABSTRACT, 3))), NOW);
  });
  afterEach(async () => {
    await db?.close();
    await test?.drop();
  });

  it('refuses a page over the size limit before reading it, and ingests the others', async () => {
    const dir = tempDir('paperboy-hostile-');
    const big = path.join(dir, 'big.txt');
    writeFileSync(big, page(entry('A Perfectly Ordinary Title', `${'Padding sentence here. '.repeat(2_000)}The end.`, 1)));
    const small = path.join(dir, 'small.txt');
    writeFileSync(small, page(entry('Another Ordinary Title', 'A short abstract that ends. It has two sentences.', 1)));
    const limit = statSync(big).size - 1;
    const report = await ingestFiles(db, [big, small], { now: NOW, maxPageBytes: limit });
    expect(report.errors).toEqual([{ file: big, line: 0, message: expect.stringMatching(/^page too large: [\d,]+ bytes, over the [\d,]+ bytes limit \(MAX_PAGE_BYTES\)/) }]);
    expect(report.summary).toMatchObject({ pages: 1, new: 1 });
    expect(await db.prisma.paper.count({ where: { title: 'A Perfectly Ordinary Title' } })).toBe(0);
  });

  it('does not let a known title over another abstract pump upvotes or add links, even in full-width letters', async () => {
    const before = await paper();
    const forged = 'Forged text that only borrows the title. Get the code at https://github.com.evil.example/x.';
    const result = await ingestPage(
      db,
      'hostile.txt',
      Buffer.from(page(entry(TITLE, forged, 9_999), entry(fullWidth(TITLE), forged, 9_999))),
      NOW,
    );
    // Not stored, and counted, so that a summary says so ("1 left out (another paper … holds their title)").
    expect(result).toMatchObject({ new: 0, updated: 0, leftOut: 1 });
    const after = await paper();
    expect(after).toMatchObject({ title: TITLE, abstract: ABSTRACT, upvotes: before.upvotes, links: before.links, pageCount: before.pageCount });
  });

  it('counts a title repeated within one page once, and does not believe an absurd upvote count', async () => {
    const result = await ingestPage(
      db,
      'repeats.txt',
      Buffer.from(page(entry(TITLE, ABSTRACT, 5), entry(fullWidth(TITLE), ABSTRACT, 999_999), entry(TITLE, `${ABSTRACT} See https://evil.example/more.`, 999_999))),
      NOW,
    );
    expect(result).toMatchObject({ entries: 3, new: 0, updated: 1 });
    const after = await paper();
    expect(after.upvotes).toBe(5);
    expect(after.links).toEqual(['https://github.com/example/tiny-moe']);
    expect(after.pageCount).toBe(2);

    await ingestPage(db, 'absurd.txt', Buffer.from(page(entry(TITLE, ABSTRACT, 999_999))), NOW);
    expect((await paper()).upvotes).toBe(5);
  });

  it('takes an arXiv id from the text of a page entry, but never lets it make the entry another paper', async () => {
    await db.prisma.paper.update({ where: { titleKey: 'sparse mixtures of experts for tiny devices' }, data: { arxivId: '2611.11111' } });
    const named = 'A New Paper With An Id';
    const citing = 'A Paper Citing The Tiny Experts';
    await ingestPage(
      db,
      'ids.txt',
      Buffer.from(
        page(
          entry(named, 'We name our own id. Read it at https://arxiv.org/abs/2611.22222v3.', 1),
          entry(citing, 'We build on arXiv:2611.11111 and say so. It is a citation.', 2),
          entry('Rank-Adaptive Adapters For Speech', 'Building on LoRA (arXiv:2106.09685), we adapt it to speech.', 4),
        ),
      ),
      NOW,
    );
    // An id five years older than the page is a citation, not this paper's: no links to LoRA.
    expect((await db.prisma.paper.findFirstOrThrow({ where: { title: 'Rank-Adaptive Adapters For Speech' } })).arxivId).toBeNull();
    expect((await db.prisma.paper.findFirstOrThrow({ where: { title: named } })).arxivId).toBe('2611.22222');
    const cited = await paper();
    expect(cited).toMatchObject({ title: TITLE, arxivId: '2611.11111', upvotes: 3 });
    expect(await db.prisma.paper.findFirstOrThrow({ where: { title: citing } })).toMatchObject({ arxivId: null, upvotes: 2 });
  });

  it('stores a listing larger than one round of statements whole, with every position', async () => {
    const many = Array.from({ length: 1_204 }, (_, i) => entry(`Bulk Paper Number ${i} On Storage`, `Entry ${i} of a large page. It is stored in rounds.`, i % 7));
    const result = await ingestPage(db, 'large.txt', Buffer.from(page(...many, entry(TITLE, ABSTRACT, 7))), NOW);
    expect(result).toEqual({ entries: 1_205, new: 1_204, updated: 1, skipped: 0, leftOut: 0 });
    const listing = await db.prisma.corpusPage.findUniqueOrThrow({ where: { name: 'large.txt' }, include: { papers: true } });
    expect(new Set(listing.papers.map((source) => source.position)).size).toBe(1_205);
    expect(await paper()).toMatchObject({ upvotes: 7, pageCount: 2 });
  });

  it('merges a full-width title with the original (NFKC) rather than storing a second paper', async () => {
    await ingestPage(db, 'wide.txt', Buffer.from(page(entry(fullWidth(TITLE), ABSTRACT, 8))), NOW);
    expect(await db.prisma.paper.count({ where: { abstract: ABSTRACT } })).toBe(1);
    expect(await paper()).toMatchObject({ title: TITLE, upvotes: 8 });
  });
});


describe('arXiv ids in page text', () => {
  it('are read from an arxiv.org URL or an arXiv: id, when the text names exactly one', () => {
    expect(arxivIdInText('Paper at https://arxiv.org/abs/2401.01234v2.')).toBe('2401.01234');
    expect(arxivIdInText('See arXiv:2401.01234 and arxiv.org/pdf/2401.01234v1.')).toBe('2401.01234');
    expect(arxivIdInText('Old style: arxiv.org/abs/cs/0112017v1')).toBe('cs/0112017');
    expect(arxivIdInText('We compare arXiv:2401.01234 with arXiv:2312.00001.')).toBeNull();
    expect(arxivIdInText('No id here, only 2401.01234 as a number.')).toBeNull();
  });

  it("are the paper's own only when submitted around its date: a single old id is a citation", () => {
    const dec2026 = new Date('2026-12-03T00:00:00Z');
    expect(ownArxivIdInText('Building on LoRA (arXiv:2106.09685), we adapt it to speech.', dec2026)).toBeNull();
    expect(ownArxivIdInText('Old style: arxiv.org/abs/cs/0112017v1', dec2026)).toBeNull();
    expect(ownArxivIdInText('Paper: https://arxiv.org/abs/2612.00042', dec2026)).toBe('2612.00042');
    expect(ownArxivIdInText('Paper: https://arxiv.org/abs/2610.00042', dec2026)).toBe('2610.00042');
    expect(ownArxivIdInText('Paper: https://arxiv.org/abs/2609.00042', dec2026)).toBeNull();
    // A publication date of 31 December in UTC, an id of the next January.
    expect(ownArxivIdInText('arXiv:2701.00001', new Date('2026-12-31T00:00:00Z'))).toBe('2701.00001');
    // Without a date nothing tells a citation from the paper's own id.
    expect(ownArxivIdInText('Building on arXiv:2106.09685.', null)).toBe('2106.09685');
  });
});

describe('code links', () => {
  it('are matched on the exact host, not on a prefix of it', () => {
    expect(codeOf(['https://github.com.evil.example/x/y', 'https://github.com/a/b'])).toBe('https://github.com/a/b');
    expect(codeOf(['https://github.com.evil.example/x/y'])).toBeNull();
    expect(codeOf(['https://evil.example/github.com/x'])).toBeNull();
    expect(codeOf(['https://www.GitHub.com/a/b'])).toBe('https://www.GitHub.com/a/b');
    // Hugging Face holds papers, datasets, models and demos, none of them "Code".
    expect(codeOf(['https://huggingface.co/papers/2401.01234', 'https://huggingface.co/spaces/a/b'])).toBeNull();
  });
});
