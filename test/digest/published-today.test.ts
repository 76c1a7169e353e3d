// A paper's publication date is a UTC calendar day, and west of UTC that day can be the reader's
// tomorrow: a real send run at 01:00 UTC on Friday 4 December 2026 (20:00 on Thursday 3 December in
// New York, 13:00 on the 3rd at UTC−12, 10:00 on the 4th in Tokyo), messages accepted by an SMTP
// server and parsed back, the web view of each, and the preview `paperboy render` makes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composePreviewDigest } from '../../src/digest/index.js';
import { previewFor } from '../../src/matching/index.js';
import { openSendWorld, type SendWorld } from '../helpers/sent-digests.js';
import { insertPapers } from '../matching/corpus.js';

const NOW = new Date('2026-12-04T01:00:00Z');

const READERS = [
  { email: 'ny-daily@example.org', timeZone: 'America/New_York', frequency: 'daily' as const },
  { email: 'ny-weekly@example.org', timeZone: 'America/New_York', frequency: 'weekly' as const },
  { email: 'west@example.org', timeZone: 'Etc/GMT+12', frequency: 'daily' as const },
  { email: 'tokyo@example.org', timeZone: 'Asia/Tokyo', frequency: 'daily' as const },
];

const AUTHORS = 'A. Lovelace, G. Hopper + 2';

/** The papers' meta lines in the plain text ("A. Lovelace, G. Hopper + 2 · 3 Dec 2026"), sorted (the ranking orders them). */
const metaLines = (text: string) => text.split('\n').map((line) => line.trim()).filter((line) => line.startsWith(AUTHORS)).sort();
/** The same lines in HTML (the email's or the web view's), sorted. */
const htmlMeta = (html: string) => [...html.matchAll(new RegExp(`>(${AUTHORS.replace(/[.+]/g, '\\$&')}[^<]*)<`, 'g'))].map((m) => m[1]!).sort();

describe('a paper dated the UTC day that is the reader’s tomorrow', () => {
  let world: SendWorld;

  beforeAll(async () => {
    world = await openSendWorld(NOW);
    const { prisma } = world.app;
    const ids = await insertPapers(prisma, [
      { title: 'Protein Folding with Sparse Attention', abstract: 'We predict protein folding pathways with a sparse attention model.', arxivId: '2612.00042' },
      { title: 'Protein Folding in Two Days', abstract: 'A protein folding study published two days before.', arxivId: '2612.00017' },
    ]);
    // Published on 4 Dec (UTC), seen at 00:30 UTC; the other on 2 Dec, the day before everyone's today.
    await prisma.paper.updateMany({ data: { authors: ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Emmy Noether'], authorCount: 4, firstSeenAt: new Date('2026-12-04T00:30:00Z'), lastSeenAt: new Date('2026-12-04T00:30:00Z') } });
    await prisma.paper.update({ where: { id: ids.get('Protein Folding with Sparse Attention')! }, data: { publishedAt: new Date('2026-12-04T00:00:00Z'), upvotes: 5 } });
    await prisma.paper.update({ where: { id: ids.get('Protein Folding in Two Days')! }, data: { publishedAt: new Date('2026-12-02T00:00:00Z') } });
    await world.sendTo(READERS, 'protein folding');
  });
  afterAll(async () => {
    await world?.close();
  });

  it.each([
    // The edition's own date is the reader's today; the 4 Dec paper came out on it.
    ['ny-daily@example.org', 'Thu 3 Dec', 'Thursday 3 December 2026', '3 Dec 2026'],
    ['west@example.org', 'Thu 3 Dec', 'Thursday 3 December 2026', '3 Dec 2026'],
    // A weekly edition is dated by its Monday; the paper is shown on the day the digest was made.
    ['ny-weekly@example.org', 'week of 30 Nov – 6 Dec', 'Week of 30 November – 6 December 2026', '3 Dec 2026'],
    // East of UTC the UTC day is the reader's own: the paper keeps its date.
    ['tokyo@example.org', 'Fri 4 Dec', 'Friday 4 December 2026', '4 Dec 2026'],
  ])('%s reads "%s" and "%s", and the paper published "%s", in the message and its web view', async (email, short, long, published) => {
    const mail = world.messageTo(email);
    expect(mail.subject).toBe(`2 new papers on protein folding · ${short}`);
    expect(mail.text).toContain(`PAPERBOY · ${long}\n`);
    const expected = [`${AUTHORS} · 2 Dec 2026`, `${AUTHORS} · ${published} · 5 upvotes`];
    expect(metaLines(mail.text as string)).toEqual(expected);
    expect(htmlMeta(mail.html as string)).toEqual(expected);
    const web = await world.webView(email);
    expect(web).toContain(`Paperboy · ${long}<`);
    expect(htmlMeta(web)).toEqual(expected);
    if (published !== '4 Dec 2026') {
      for (const shown of [mail.text as string, mail.html as string, web]) expect(shown).not.toMatch(/4 Dec(ember)? 2026/);
    }
  });

  it('shows in the web view the day the digest was made, however much later it is read', async () => {
    // Read on Saturday (New York's 5th): the reader's today then is no reason to show the 4th.
    world.clock.set(new Date('2026-12-05T18:00:00Z'));
    try {
      expect(htmlMeta(await world.webView('ny-daily@example.org'))).toEqual([`${AUTHORS} · 2 Dec 2026`, `${AUTHORS} · 3 Dec 2026 · 5 upvotes`]);
    } finally {
      world.clock.set(NOW);
    }
  });

  it('shows in the web view the dates the email showed after the reader has moved to another zone', async () => {
    const { prisma } = world.app;
    await prisma.subscriber.update({ where: { email: 'ny-daily@example.org' }, data: { timeZone: 'Asia/Tokyo' } });
    try {
      // Built on Thursday evening in New York: Thursday's digest, though it is Friday in Tokyo.
      const web = await world.webView('ny-daily@example.org');
      expect(web).toContain('Paperboy · Thursday 3 December 2026<');
      expect(htmlMeta(web)).toEqual([`${AUTHORS} · 2 Dec 2026`, `${AUTHORS} · 3 Dec 2026 · 5 upvotes`]);
    } finally {
      await prisma.subscriber.update({ where: { email: 'ny-daily@example.org' }, data: { timeZone: 'America/New_York' } });
    }
  });

  it('is what `paperboy render --timezone` shows at the same moment', async () => {
    const renderer = await world.app.renderer();
    const rendered = async (timeZone: string) => {
      const preview = await previewFor(world.app.prisma, { topics: ['protein folding'] }, { now: NOW, limit: 10, reader: { timeZone, frequency: 'daily' } });
      const view = composePreviewDigest({ ...preview, frequency: 'daily', timeZone, now: NOW, links: world.app.links.preview(), publicUrl: world.app.links.publicUrl, postalAddress: world.app.config.postalAddress });
      return renderer.digest(view);
    };
    const ny = await rendered('America/New_York');
    expect(ny.subject).toBe('2 new papers on protein folding · Thu 3 Dec');
    expect(metaLines(ny.text)).toEqual([`${AUTHORS} · 2 Dec 2026`, `${AUTHORS} · 3 Dec 2026 · 5 upvotes`]);
    const tokyo = await rendered('Asia/Tokyo');
    expect(tokyo.subject).toBe('2 new papers on protein folding · Fri 4 Dec');
    expect(metaLines(tokyo.text)).toEqual([`${AUTHORS} · 2 Dec 2026`, `${AUTHORS} · 4 Dec 2026 · 5 upvotes`]);
  });
});
