// The links of the emails a reader already has, after the list is restored into a new database (the
// embedded database's recovery: `paperboy subscribe --file` of the daily backup, or a move to
// PostgreSQL). Their unsubscribe and preferences links keep working there: the export carries the
// link key they are bound to. Their "more / less like this" links do not: those name a paper by the
// old database's id, which is another paper in the new one, so they answer 410 rather than mark it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import { editionHistoryOf, runSend } from '../../src/delivery/index.js';
import { importSubscribersCsv, readRoster, ROSTER_CSV_HEADER, rosterCsvRow } from '../../src/subscriptions/index.js';
import { ingestSeeds } from '../../testkit/seeds.js';
import { lastMailTo, linkIn, startHarness, subscribeAndConfirm, subscriberByEmail, type Harness } from './harness.js';

const feedbackLinksIn = (mail: ParsedMail) => [...(mail.text ?? '').matchAll(/http:\/\/paperboy\.test(\/feedback\/[A-Za-z0-9_.-]+\/(?:more|less))/g)].map((m) => m[1]!);

describe('links of emails sent before the list was restored', { timeout: 120_000 }, () => {
  let before: Harness;
  let after: Harness;
  beforeAll(async () => {
    [before, after] = await Promise.all([startHarness(), startHarness()]);
  });
  afterAll(async () => {
    await before?.close();
    await after?.close();
  });

  it('keep unsubscribing and managing, and refuse to mark a paper by an id of the old database', async () => {
    await ingestSeeds(before.app.db, before.clock.now());
    await subscribeAndConfirm(before, 'ada@example.org');
    await runSend(await before.app.deliveryDeps(), { mode: 'now' });
    const digest = lastMailTo(before, 'ada@example.org');
    const old = { preferences: linkIn(digest, 'preferences'), unsubscribe: linkIn(digest, 'unsubscribe'), feedback: feedbackLinksIn(digest) };
    expect(old.feedback.length).toBeGreaterThan(0);

    let csv = `${ROSTER_CSV_HEADER}\n`;
    for await (const batch of readRoster(before.app.prisma, { history: editionHistoryOf(before.app.prisma) })) csv += batch.map((entry) => `${rosterCsvRow(entry)}\n`).join('');
    // The new database's corpus in another order, as after ingesting the feed before the pages: the
    // same paper ids name other papers.
    await after.app.prisma.paper.create({ data: { titleKey: 'a paper first', title: 'A paper first', abstract: 'An abstract.', firstSeenAt: after.clock.now(), lastSeenAt: after.clock.now() } });
    await ingestSeeds(after.app.db, after.clock.now());
    const report = await importSubscribersCsv(after.app.prisma, csv, { defaultTimeZone: 'UTC', now: after.clock.now(), history: editionHistoryOf(after.app.prisma) });
    expect(report).toMatchObject({ created: 1, errors: [] });

    const manage = await after.server.inject({ method: 'GET', url: old.preferences });
    expect(manage.statusCode).toBe(200);
    expect(manage.body).toContain('For a***@example.org: up to 5 papers every day at 08:00 (Europe/Berlin)');
    for (const url of old.feedback) {
      const page = await after.server.inject({ method: 'GET', url });
      expect(page.statusCode, url).toBe(410);
      expect(page.body).toContain('when the list was moved to a new database (after a failure, or to another server), the &quot;More like this&quot; and &quot;Less like this&quot; links of the emails sent before stop working (their unsubscribe and preferences links keep working)');
    }
    expect(await after.app.prisma.rating.count()).toBe(0);
    // The web view of the digest mailed before: the new database keeps no copy, and says so.
    const view = await after.server.inject({ method: 'GET', url: linkIn(digest, 'digest') });
    expect(view.statusCode).toBe(404);
    expect(view.body).toContain('or it was mailed before the list moved to a new database, which keeps no copy of earlier digests');

    // Her next digest from the new database carries feedback links of its own, which work.
    after.clock.set(new Date('2026-11-23T08:00:00Z'));
    await runSend(await after.app.deliveryDeps(), { mode: 'now' });
    const next = lastMailTo(after, 'ada@example.org');
    const fresh = feedbackLinksIn(next);
    expect(fresh.length).toBeGreaterThan(0);
    expect((await after.server.inject({ method: 'GET', url: fresh[0]! })).statusCode).toBe(200);

    // The one-click unsubscribe of a mail client (RFC 8058), from the email sent before.
    const bye = await after.server.inject({ method: 'POST', url: old.unsubscribe, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(bye.statusCode).toBe(200);
    expect((await subscriberByEmail(after, 'ada@example.org'))?.status).toBe('unsubscribed');
  });
});
