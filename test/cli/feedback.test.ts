// Feedback and liked papers from the command line, as the real `paperboy` command in child
// processes: subscribe --like, feedback --more/--less, preview --email; and the digest it sends
// carries signed More / Less links for every paper (the message is parsed back from SMTP). Each
// test starts from its own database: the seed corpus and ada@example.org, following diffusion models.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createTokenSigner } from '../../src/subscriptions/tokens.js';
import { openTestApp, TEST_SECRET, testEnv } from '../../testkit/app.js';
import { runPaperboy } from '../helpers/cli.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { ingestSeeds } from '../../testkit/seeds.js';
import { startSmtpSink, type SmtpSink } from '../../testkit/smtp-sink.js';
import { MOE_PAPER, startArxivServer } from '../corpus/arxiv-server.js';
import { buildServer } from '../../src/web/server.js';
import { RELAXED } from '../web/harness.js';

interface PreviewItem {
  id: number;
  title: string;
  reasons: Array<{ topic: string; words: string[]; kind?: string }>;
}

// Several child processes per test: on a loaded machine each can take seconds.
describe('feedback from the command line', { timeout: 180_000 }, () => {
  let db: TestDatabase;
  let app: App;
  let smtp: SmtpSink;
  let env: NodeJS.ProcessEnv;
  const preview = async (...args: string[]) => {
    const result = await runPaperboy(['preview', ...args, '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as PreviewItem[];
  };

  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    smtp = await startSmtpSink();
    env = testEnv(db, { SMTP_URL: smtp.url });
    app = await openTestApp(db, { env: { SMTP_URL: smtp.url } });
    await ingestSeeds(app.db);
    const subscribed = await runPaperboy(['subscribe', 'ada@example.org', '--topic', 'diffusion models', '--size', '5'], env);
    expect(subscribed.code, subscribed.stderr).toBe(0);
  });
  afterEach(async () => {
    await app?.close();
    await smtp?.close();
    await db?.drop();
  });

  it('sends a digest whose every paper has More / Less links signed for this reader and paper', async () => {
    const next = await preview('--email', 'ada@example.org', '--limit', '5');
    expect(next).toHaveLength(5);
    expect(next.every((item) => Number.isInteger(item.id))).toBe(true);

    expect((await runPaperboy(['send', '--now'], env)).code).toBe(0);
    const mail = smtp.messages.at(-1)!;
    const signer = createTokenSigner(TEST_SECRET);
    const paperIdsIn = (text: string, verdict: string) =>
      [...text.matchAll(new RegExp(`http://paperboy\\.test/feedback/([A-Za-z0-9_.-]+)/${verdict}`, 'g'))].map((m) => signer.verify(m[1]!, 'feedback', new Date())?.paperId);
    const sent = (await app.prisma.sentPaper.findMany({ where: { subscriber: { email: 'ada@example.org' } } })).map((row) => row.paperId);
    expect(sent.length).toBeGreaterThanOrEqual(5);
    for (const part of [mail.html as string, mail.text!]) {
      const more = paperIdsIn(part, 'more');
      expect(new Set(more)).toEqual(new Set(sent));
      expect(new Set(paperIdsIn(part, 'less'))).toEqual(new Set(sent));
    }
    // The digest sent is the one preview --email showed.
    expect(next.map((item) => item.id).every((id) => sent.includes(id))).toBe(true);
  });

  it('feedback records marks; preview --email never shows a paper sent or rated, and says why papers were lifted', async () => {
    expect((await runPaperboy(['send', '--now'], env)).code).toBe(0);
    const sent = new Set((await app.prisma.sentPaper.findMany({ where: { subscriber: { email: 'ada@example.org' } } })).map((row) => row.paperId));
    expect(sent.size).toBeGreaterThan(0);
    const candidates = await preview('--email', 'ada@example.org', '--limit', '10');
    const [liked, disliked] = [candidates[0]!, candidates[1]!];
    const marked = await runPaperboy(['feedback', 'ada@example.org', '--more', String(liked.id), '--less', disliked.title, '--json'], env);
    expect(marked.code, marked.stderr).toBe(0);
    expect(JSON.parse(marked.stdout)).toEqual([
      { id: liked.id, title: liked.title, verdict: 'more', previous: null, changed: true, unliked: false },
      { id: disliked.id, title: disliked.title, verdict: 'less', previous: null, changed: true, unliked: false },
    ]);
    const ratings = await app.prisma.rating.findMany({ where: { subscriber: { email: 'ada@example.org' } }, orderBy: { id: 'asc' } });
    expect(ratings.map((r) => [r.paperId, r.verdict])).toEqual([
      [liked.id, 'more'],
      [disliked.id, 'less'],
    ]);
    const after = await preview('--email', 'ada@example.org', '--limit', '20');
    for (const item of after) {
      expect(sent.has(item.id)).toBe(false);
      expect([liked.id, disliked.id]).not.toContain(item.id);
    }
    // Every paper says why it is there; one lifted by the mark says it is like the paper marked. (In
    // the sample, nothing off the topic is close to that paper: what once came in "like" it were flows,
    // vision transformers and bit switching, below the reader model's floor since round 33.)
    for (const item of after) {
      expect(item.reasons.length).toBeGreaterThan(0);
      for (const reason of item.reasons.filter((r) => r.kind === 'like')) expect(reason.topic).toBe(liked.title);
    }
    const human = await runPaperboy(['preview', '--email', 'ada@example.org', '--limit', '3'], env);
    expect(human.stdout).toMatch(/feedback [+-]\d\.\d\d/);
  });

  it('refuses one paper marked both more and less, however it is named, and records nothing; twice the same way is once', async () => {
    const [paper] = await preview('--email', 'ada@example.org', '--limit', '1');
    const id = String(paper!.id);
    const same = await runPaperboy(['feedback', 'ada@example.org', '--more', id, '--less', id], env);
    expect(same.code).toBe(2);
    expect(same.stdout).toBe('');
    expect(same.stderr).toBe(`paperboy: --more and --less both name ${id} ("${paper!.title}"): mark it either more or less like this. Nothing was recorded.\n`);
    const byTitle = await runPaperboy(['feedback', 'ada@example.org', '--less', paper!.title, '--more', id], env);
    expect(byTitle.code).toBe(2);
    expect(byTitle.stderr).toMatch(/^paperboy: --more \d+ and --less .+ name the same paper \(".+"\): mark it either more or less like this\. Nothing was recorded\.$/m);
    expect(await app.prisma.rating.count()).toBe(0);
    const twice = await runPaperboy(['feedback', 'ada@example.org', '--more', id, '--more', paper!.title], env);
    expect(twice.code, twice.stderr).toBe(0);
    expect(twice.stdout).toBe(`More like this: ${paper!.title}\n`);
    expect((await app.prisma.rating.findMany()).map((r) => [r.paperId, r.verdict])).toEqual([[paper!.id, 'more']]);
    // Marked again, it says so rather than claiming a new mark; marked the other way, what it replaced.
    const again = await runPaperboy(['feedback', 'ada@example.org', '--more', id], env);
    expect(again.stdout).toBe(`More like this: ${paper!.title} (already marked so: nothing changed)\n`);
    const changed = await runPaperboy(['feedback', 'ada@example.org', '--less', id], env);
    expect(changed.stdout).toBe(`Less like this: ${paper!.title} (was more like this)\n`);
    expect((await app.prisma.rating.findMany()).map((r) => [r.paperId, r.verdict])).toEqual([[paper!.id, 'less']]);
  });

  it('says when "less like this" takes a paper off the papers the reader likes, in the line and in --json', async () => {
    const [first, second] = await preview('--email', 'ada@example.org', '--limit', '2');
    const liked = await runPaperboy(['subscribe', 'ada@example.org', '--like', String(first!.id), '--like', String(second!.id)], env);
    expect(liked.code, liked.stderr).toBe(0);
    const less = await runPaperboy(['feedback', 'ada@example.org', '--less', String(first!.id)], env);
    expect(less.code, less.stderr).toBe(0);
    expect(less.stdout).toBe(`Less like this: ${first!.title} (taken off the papers they like)\n`);
    const json = await runPaperboy(['feedback', 'ada@example.org', '--less', String(second!.id), '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject([{ id: second!.id, verdict: 'less', unliked: true }]);
    expect(await app.prisma.likedPaper.count({ where: { subscriber: { email: 'ada@example.org' } } })).toBe(0);
  });

  it('speaks of "the paper you named" to a reader who named one, in the email and in its web view', async () => {
    // "2 new papers like the ones you named" read as a slip to a reader who had named one paper.
    const [favourite] = await preview('--topic', 'diffusion models', '--limit', '1');
    const subscribed = await runPaperboy(['subscribe', 'bo@example.org', '--like', String(favourite!.id)], env);
    expect(subscribed.code, subscribed.stderr).toBe(0);
    expect((await runPaperboy(['send', '--now'], env)).code).toBe(0);
    const mail = smtp.messages.find((message) => message.to && JSON.stringify(message.to).includes('bo@example.org'))!;
    expect(mail.subject).toMatch(/^\d+ (new|older) papers? like the paper you named · /);
    const text = mail.text!.replace(/\s+/g, ' ');
    expect(text).toContain('to papers like the paper you named.');
    expect(text).not.toContain('the ones you named');
    const { webToken } = (await app.prisma.delivery.findFirst({ where: { subscriber: { email: 'bo@example.org' } } }))!;
    const server = await buildServer(app, RELAXED);
    try {
      const page = await server.inject({ method: 'GET', url: `/digest/${webToken}` });
      expect(page.body).toContain('like the paper you named');
      expect(page.body).not.toContain('the ones you named');
    } finally {
      await server.close();
    }
  });

  it('--json tells a new mark from one already so and from one that replaced the other verdict; help, README and refusals name PAPER alike', async () => {
    const [paper, other] = await preview('--email', 'ada@example.org', '--limit', '2');
    const mark = async (...args: string[]) => {
      const result = await runPaperboy(['feedback', 'ada@example.org', ...args, '--json'], env);
      expect(result.code, result.stderr).toBe(0);
      return JSON.parse(result.stdout) as unknown[];
    };
    const id = String(paper!.id);
    expect(await mark('--more', id)).toEqual([{ id: paper!.id, title: paper!.title, verdict: 'more', previous: null, changed: true, unliked: false }]);
    expect(await mark('--more', id)).toEqual([{ id: paper!.id, title: paper!.title, verdict: 'more', previous: 'more', changed: false, unliked: false }]);
    expect(await mark('--less', id)).toEqual([{ id: paper!.id, title: paper!.title, verdict: 'less', previous: 'more', changed: true, unliked: false }]);

    // An arXiv URL names a paper too, as the help now says.
    await app.prisma.paper.update({ where: { id: other!.id }, data: { arxivId: '2401.01234' } });
    expect(await mark('--more', 'https://arxiv.org/abs/2401.01234v2')).toMatchObject([{ id: other!.id, verdict: 'more', changed: true }]);
    const forms = 'a paper id (as preview --json prints it), an arXiv id or URL, or the exact title';
    const help = await runPaperboy(['feedback', '--help'], env);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(forms);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(path.join(import.meta.dirname, '../../README.md'), 'utf8')).toContain('PAPER: a paper id (as `preview --json` prints it), an arXiv id or URL, or the exact title.');

    // A paper the reader likes, kept by its text as the corpus lacks it: not "no such paper".
    expect(await app.prisma.paper.count({ where: { arxivId: '1706.03762' } })).toBe(0);
    const ada = await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'ada@example.org' } });
    await app.prisma.likedPaper.create({ data: { subscriberId: ada.id, arxivId: '1706.03762', title: 'Attention Is All You Need', abstract: 'The Transformer.' } });
    const liked = await runPaperboy(['feedback', 'ada@example.org', '--more', '1706.03762'], env);
    expect(liked.code).toBe(2);
    expect(liked.stderr).toBe('paperboy: --more 1706.03762: not in the corpus yet, so there is nothing to mark; it is among the papers they like, kept by its text. Nothing was recorded.\n');
    const byTitle = await runPaperboy(['feedback', 'ada@example.org', '--less', 'attention is all you need'], env);
    expect(byTitle.stderr).toMatch(/--less attention is all you need: not in the corpus yet, so there is nothing to mark; it is among the papers they like/);
    const badId = await runPaperboy(['feedback', 'ada@example.org', '--less', '999999'], env);
    expect(badId.stderr).toBe(`paperboy: --less 999999: no paper has this id (PAPER is ${forms}). Nothing was recorded.\n`);
    const badTitle = await runPaperboy(['feedback', 'ada@example.org', '--less', 'A Title Nobody Wrote'], env);
    expect(badTitle.stderr).toBe(`paperboy: --less A Title Nobody Wrote: no paper in the corpus has this title (PAPER is ${forms}). Nothing was recorded.\n`);
  });

  it('preview --email shows as many papers as the reader\'s digest holds, unless --limit says otherwise', async () => {
    // Ada's digest holds 5: a preview of 10 showed five papers she would not get.
    expect(await preview('--email', 'ada@example.org')).toHaveLength(5);
    expect(await preview('--email', 'ada@example.org', '--limit', '7')).toHaveLength(7);
    expect(await preview('--topic', 'diffusion models')).toHaveLength(10);
  });

  it('preview --email of a reader who gets no digests now says so on stderr, beside the ranking', async () => {
    const active = await runPaperboy(['preview', '--email', 'ada@example.org', '--limit', '1'], env);
    expect(active.code, active.stderr).toBe(0);
    expect(active.stderr).toBe('');
    // Before, a suspended or unsubscribed reader's ranking read as the digest they were about to get.
    await app.prisma.subscriber.update({ where: { email: 'ada@example.org' }, data: { status: 'suspended' } });
    const suspended = await runPaperboy(['preview', '--email', 'ada@example.org', '--limit', '1', '--json'], env);
    expect(suspended.code, suspended.stderr).toBe(0);
    expect(JSON.parse(suspended.stdout)).toHaveLength(1);
    expect(suspended.stderr).toBe('paperboy: ada@example.org is suspended (mail to the address bounced): they get no digest; this is what one would hold if their digests started again.\n');
    expect((await runPaperboy(['unsubscribe', 'ada@example.org'], env)).code).toBe(0);
    const left = await runPaperboy(['preview', '--email', 'ada@example.org', '--limit', '1'], env);
    expect(left.stderr).toBe('paperboy: ada@example.org is unsubscribed: they get no digest; this is what one would hold if they subscribed again.\n');
    expect(left.stdout).toMatch(/^Ranking as of now for ada@example\.org /);
  });

  it('records marks for a reader who gets no digests now, and says on stderr when they count', async () => {
    const [first, second] = await preview('--email', 'ada@example.org', '--limit', '2');
    const active = await runPaperboy(['feedback', 'ada@example.org', '--more', String(first!.id)], env);
    expect(active.code, active.stderr).toBe(0);
    expect(active.stderr).toBe('');
    expect((await runPaperboy(['unsubscribe', 'ada@example.org'], env)).code).toBe(0);
    // Before, accepted in silence: as if the mark would shape a digest that is never sent.
    const left = await runPaperboy(['feedback', 'ada@example.org', '--less', String(second!.id), '--json'], env);
    expect(left.code, left.stderr).toBe(0);
    expect(left.stderr).toBe('paperboy: ada@example.org is unsubscribed: the mark is kept, for if they subscribe again.\n');
    expect(JSON.parse(left.stdout)).toMatchObject([{ id: second!.id, verdict: 'less', changed: true }]);
    for (const [status, says] of [
      ['paused', 'ada@example.org is paused: the marks are kept, for their first digest once they resume.'],
      ['pending', 'ada@example.org has not confirmed yet: the marks are kept, for their first digest once they confirm.'],
      ['suspended', 'ada@example.org is suspended (mail to the address bounced): the marks are kept, for if their digests start again.'],
    ] as const) {
      await app.prisma.subscriber.update({ where: { email: 'ada@example.org' }, data: { status } });
      const result = await runPaperboy(['feedback', 'ada@example.org', '--more', String(first!.id), '--more', String(second!.id)], env);
      expect(result.code, status).toBe(0);
      expect(result.stderr, status).toBe(`paperboy: ${says}\n`);
    }
    expect((await app.prisma.rating.findMany({ orderBy: { id: 'asc' } })).map((r) => [r.paperId, r.verdict])).toEqual([
      [first!.id, 'more'],
      [second!.id, 'more'],
    ]);
  });

  it('finds the reader whatever case their address is typed in, as subscribe and unsubscribe do', async () => {
    const [first] = await preview('--email', 'ADA@Example.ORG', '--limit', '1');
    expect(first).toBeDefined();
    const marked = await runPaperboy(['feedback', 'Ada@EXAMPLE.org', '--more', String(first!.id)], env);
    expect(marked.code, marked.stderr).toBe(0);
    const ratings = await app.prisma.rating.findMany({ where: { subscriber: { email: 'ada@example.org' } } });
    expect(ratings.map((r) => [r.paperId, r.verdict])).toEqual([[first!.id, 'more']]);
  });

  it('subscribe --like gives a reader without topics digests of papers like those', async () => {
    const [first, second] = await preview('--topic', 'speech', '--limit', '2');
    const result = await runPaperboy(['subscribe', 'fan@example.org', '--like', first!.title, '--like', String(second!.id), '--like', 'A Paper Nobody Has Ingested Yet'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Subscribed fan@example\.org to: papers like /);
    // The one known by its title alone is said to be so, as the preferences page says it; the others are not.
    const notes = result.stdout.split('\n').filter((line) => line.startsWith('Note: '));
    expect(notes).toEqual([expect.stringMatching(/^Note: "A Paper Nobody Has Ingested Yet" is not in the corpus and has no abstract: papers like it are found by its title's words alone/)]);
    const liked = await app.prisma.likedPaper.findMany({ where: { subscriber: { email: 'fan@example.org' } }, orderBy: { id: 'asc' } });
    expect(liked.map((row) => [row.paperId, row.title])).toEqual([
      [first!.id, first!.title],
      [second!.id, second!.title],
      [null, 'A Paper Nobody Has Ingested Yet'],
    ]);
    // Changed later, the reader is described whole: no topics, but three papers they like.
    const changed = await runPaperboy(['subscribe', 'fan@example.org', '--hour', '9'], env);
    expect(changed.stdout).toMatch(/; topics: none; 3 liked papers\.$/m);
    const digest = await preview('--email', 'fan@example.org', '--limit', '5');
    expect(digest.length).toBeGreaterThan(0);
    expect(digest.map((item) => item.id)).not.toContain(first!.id);
    expect(digest[0]!.reasons[0]).toMatchObject({ kind: 'like', words: ['which you like'] });
  });

  it('subscribe --like reads a .bib file (a Zotero export) as the web form reads a pasted one', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'paperboy-bib-'));
    try {
      const [inCorpus] = await preview('--topic', 'speech', '--limit', '1');
      await writeFile(
        path.join(dir, 'My Library.bib'),
        `@article{a, title = {${inCorpus!.title}}}\n@misc{b, title = {Schr{\\"o}dinger Bridges Nobody Ingested}, abstract = {Bridges between two distributions.}}\n`,
      );
      // It was taken for one paper titled "My Library.bib".
      const result = await runPaperboy(['subscribe', 'bib@example.org', '--like', 'My Library.bib'], env, { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      const liked = await app.prisma.likedPaper.findMany({ where: { subscriber: { email: 'bib@example.org' } }, orderBy: { id: 'asc' } });
      expect(liked.map((row) => [row.paperId, row.title, row.abstract])).toEqual([
        [inCorpus!.id, inCorpus!.title, expect.any(String)],
        [null, 'Schrödinger Bridges Nobody Ingested', 'Bridges between two distributions.'],
      ]);
      const missing = await runPaperboy(['subscribe', 'bib@example.org', '--like', 'gone.bib'], env, { cwd: dir });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--like gone\.bib: cannot read the file/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('subscribe --like takes an arXiv id or a title the corpus lacks, its text looked up on arXiv; an id arXiv lacks is refused', async () => {
    const arxiv = await startArxivServer({}, [MOE_PAPER]);
    try {
      const withArxiv = { ...env, ARXIV_API_URL: arxiv.url };
      const missing = await runPaperboy(['subscribe', 'moe@example.org', '--like', '1701.06538', '--like', '2401.99999'], withArxiv);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/--like: arXiv has no paper 2401\.99999: check the id, or give the paper's title/);
      expect(await app.prisma.subscriber.count({ where: { email: 'moe@example.org' } })).toBe(0);
      // One call for every unknown id of the request.
      expect(arxiv.requests.map((url) => url.searchParams.get('id_list'))).toEqual(['1701.06538,2401.99999']);

      const liked = await runPaperboy(['subscribe', 'moe@example.org', '--like', 'https://arxiv.org/abs/1701.06538v1', '--json'], withArxiv);
      expect(liked.code, liked.stderr).toBe(0);
      expect(JSON.parse(liked.stdout).liked).toEqual([MOE_PAPER.title]);
      const row = await app.prisma.likedPaper.findFirstOrThrow({ where: { subscriber: { email: 'moe@example.org' } } });
      expect(row).toMatchObject({ paperId: null, arxivId: '1701.06538', title: MOE_PAPER.title });
      expect(row.abstract).toContain('sparsely-gated mixture-of-experts layer');

      // A title the corpus lacks is looked up too, for its abstract (and never refused).
      const byTitle = await runPaperboy(['subscribe', 'title@example.org', '--like', MOE_PAPER.title.toUpperCase(), '--like', 'A Paper Nobody Has Written Yet'], withArxiv);
      expect(byTitle.code, byTitle.stderr).toBe(0);
      const rows = await app.prisma.likedPaper.findMany({ where: { subscriber: { email: 'title@example.org' } }, orderBy: { id: 'asc' } });
      expect(rows.map((r) => [r.title, r.arxivId, r.abstract.slice(0, 30)])).toEqual([
        [MOE_PAPER.title, '1701.06538', MOE_PAPER.summary.slice(0, 30)],
        ['A Paper Nobody Has Written Yet', null, ''],
      ]);

      const digest = await preview('--email', 'moe@example.org', '--limit', '5');
      expect(digest.length).toBeGreaterThan(0);
      expect(digest[0]!.title).toMatch(/expert|MoE/i);
      expect(digest[0]!.reasons[0]).toMatchObject({ kind: 'like', topic: MOE_PAPER.title, words: ['which you like'] });
    } finally {
      await arxiv.close();
    }
  });

  it('refuses bad input with exit code 2, naming the flag, and changes nothing', async () => {
    const ratingsBefore = await app.prisma.rating.count();
    const unknown = await runPaperboy(['feedback', 'ada@example.org', '--more', '2401.99999', '--less', '1'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('paperboy: --more 2401.99999: not in the corpus yet, so there is nothing to mark (it can be once a listing brings it). Nothing was recorded.\n');
    expect(await app.prisma.rating.count()).toBe(ratingsBefore);
    const nothing = await runPaperboy(['feedback', 'ada@example.org'], env);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/--more: give at least one --more PAPER or --less PAPER/);
    // The address is positional: named as EMAIL, as subscribe names it, never as a flag.
    const badAddress = await runPaperboy(['feedback', 'notanemail', '--more', '1'], env);
    expect(badAddress.code).toBe(2);
    expect(badAddress.stderr).toBe('paperboy: EMAIL: "notanemail" is not a valid email address.\n');
    const stranger = await runPaperboy(['feedback', 'who@example.org', '--more', '1'], env);
    expect(stranger.code).toBe(2);
    expect(stranger.stderr).toMatch(/not a subscriber/);
    const neither = await runPaperboy(['subscribe', 'none@example.org'], env);
    expect(neither.code).toBe(2);
    expect(neither.stderr).toMatch(/--topic: choose at least one --topic, or name papers with --like/);
    const badLike = await runPaperboy(['subscribe', 'none@example.org', '--like', '2401.99999'], env);
    expect(badLike.code).toBe(2);
    // ARXIV_API_URL is a closed port here: arXiv cannot be asked, and the reader is told so.
    expect(badLike.stderr).toMatch(/--like: 2401\.99999 is not in Paperboy's corpus, and arXiv could not be asked \(.+\): try again later, or give the paper's title/);
    // An operator who turned arXiv off: no lookup is tried, and the reader is told what works.
    const offline = await runPaperboy(['subscribe', 'none@example.org', '--like', '2401.99999'], { ...env, ARXIV_API_URL: 'off' });
    expect(offline.code).toBe(2);
    expect(offline.stderr).toMatch(/--like: 2401\.99999 is not in Paperboy's corpus: give the paper's title \(or its BibTeX entry\) instead/);
    // A BibTeX entry without a title names no paper: subscribed, the reader had nothing to follow ("Subscribed … to: .").
    const untitled = await runPaperboy(['subscribe', 'none@example.org', '--like', '@article{x, author = {Nobody}}'], env);
    expect(untitled.code).toBe(2);
    expect(untitled.stderr).toMatch(/--like: The BibTeX has no entry with a title/);
    // Too many liked papers for the list refuses the whole command: the hour given beside them is not changed either.
    const titles = (from: number, count: number) => Array.from({ length: count }, (_, i) => ['--like', `A Paper Outside The Corpus Number ${from + i}`]).flat();
    expect((await runPaperboy(['subscribe', 'ada@example.org', ...titles(1, 48)], env)).code).toBe(0);
    const full = await runPaperboy(['subscribe', 'ada@example.org', '--hour', '9', ...titles(100, 5)], env);
    expect(full.code).toBe(2);
    expect(full.stderr).toBe('paperboy: --like: At most 50 liked papers: 48 are on the list, and this adds 5. Remove some first, or add at most 2.\n');
    expect(await app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'ada@example.org' }, select: { sendHour: true } })).toEqual({ sendHour: 7 });
    const both = await runPaperboy(['preview', '--email', 'ada@example.org', '--topic', 'speech'], env);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--topic: give either --topic/);
    expect(await app.prisma.subscriber.count({ where: { email: 'none@example.org' } })).toBe(0);
  });
});
