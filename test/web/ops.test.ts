// The operator's views: /metrics in Prometheus text format, /admin behind ADMIN_TOKEN.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles, listPageFiles } from '../../src/corpus/index.js';
import { editionHistoryOf, runSend } from '../../src/delivery/index.js';
import { claimantName } from '../../src/delivery/claimant.js';
import { journalDirOf, openJournal } from '../../src/delivery/acceptance-journal.js';
import { GONE, NO_END, noEndWords, serviceStatus } from '../../src/ops/index.js';
import { createScheduler, recordJobStart } from '../../src/schedule/index.js';
import { operatorSubscriptionSchema, subscribeConfirmed } from '../../src/subscriptions/index.js';
import { DEFAULT_WEB_OPTIONS } from '../../src/web/options.js';
import { SEEDS_DIR } from '../../testkit/paths.js';
import { startHarness, type Harness } from './harness.js';

const ADMIN_TOKEN = 'admin-token-for-tests-0123456789';

describe('operations endpoints', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ADMIN_TOKEN } });
    await ingestFiles(h.app.db, await listPageFiles([SEEDS_DIR]), { now: h.clock.now() });
    for (const email of ['ada.lovelace@example.org', 'grace.hopper@example.org']) {
      const input = operatorSubscriptionSchema.parse({ email, topics: ['Diffusion models'], preferences: {} });
      await subscribeConfirmed(h.app.prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: h.clock.now() });
    }
    await runSend(await h.app.deliveryDeps(), { mode: 'now' });
  });
  afterAll(async () => h?.close());

  it('serves Prometheus metrics: deliveries by status, papers, subscribers, send latency', async () => {
    const response = await h.server.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toMatch(/^paperboy_deliveries\{status="sent"\} 2$/m);
    expect(response.body).toMatch(/^paperboy_papers \d{3}$/m);
    expect(response.body).toMatch(/^paperboy_subscribers\{status="active"\} 2$/m);
    expect(response.body).toContain('# TYPE paperboy_send_duration_seconds histogram');
    expect(response.body).toContain('# TYPE paperboy_job_last_success_timestamp_seconds gauge');
    // Node's own, named once: not paperboy_process_process_cpu_seconds_total.
    expect(response.body).toContain('# TYPE paperboy_process_cpu_seconds_total counter');
    expect(response.body).toContain('# TYPE paperboy_nodejs_heap_size_used_bytes gauge');
    expect(response.body).not.toContain('process_process');
  });

  // A send to a relay that was down for hours ended with a warning each time, and kept the gauge
  // fresh (an alert on it never fired), and /admin called each such run "succeeded".
  it('counts a run that ended with a warning as no success, in /metrics and /admin', async () => {
    const at = (iso: string) => new Date(iso);
    await h.app.prisma.jobRunRecord.createMany({
      data: [
        { name: 'send', startedAt: at('2026-11-20T06:00:00Z'), finishedAt: at('2026-11-20T06:01:00Z'), ok: true },
        { name: 'send', startedAt: at('2026-11-20T07:00:00Z'), finishedAt: at('2026-11-20T07:01:00Z'), ok: true, error: '2 digests left pending after a temporary failure (connect ECONNREFUSED 127.0.0.1:2599); the next send run retries them' },
      ],
    });
    await h.app.prisma.jobRun.create({ data: { name: 'send', startedAt: at('2026-11-20T07:00:00Z'), finishedAt: at('2026-11-20T07:01:00Z'), okAt: at('2026-11-20T07:01:00Z'), lastError: '2 digests left pending' } });
    try {
      const metrics = (await h.server.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(new RegExp(`^paperboy_job_last_success_timestamp_seconds\\{job="send"\\} ${at('2026-11-20T06:01:00Z').getTime() / 1000}$`, 'm'));
      const page = (await h.server.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).body;
      expect(page).toMatch(/<span class="badge open">ended<\/span> <time[^>]*datetime="2026-11-20T07:01:00.000Z"/);
      expect(page).toMatch(/<span class="badge ok">succeeded<\/span> <time[^>]*datetime="2026-11-20T06:01:00.000Z"/);
    } finally {
      await h.app.prisma.jobRunRecord.deleteMany({ where: { name: 'send' } });
      await h.app.prisma.jobRun.deleteMany({ where: { name: 'send' } });
    }
  });

  it('shows the admin overview only with the token, and never an address', async () => {
    expect((await h.server.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(401);
    expect((await h.server.inject({ method: 'GET', url: '/admin?token=wrong' })).statusCode).toBe(401);
    const page = await h.server.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Last editions');
    expect(page.body).toMatch(/<td>active<\/td><td class="num">2<\/td>/);
    expect(page.body).toContain('Diffusion models');
    // No scheduler ran here: each job says so rather than vanishing from the page; the live
    // sources' jobs, off in this harness, say by which setting. The arXiv re-check is on (ARXIV_API_URL
    // is set), so it is the third job without a run.
    expect(page.body.match(/No run recorded yet/g)).toHaveLength(3);
    // (Handlebars writes "=" as &#x3D;, which a browser shows as "=".)
    expect(page.body).toContain('Not scheduled: <code>FEED_URL&#x3D;off</code>.');
    expect(page.body).toContain('Not scheduled: <code>ARXIV_CATEGORIES is empty</code>.');
    expect(page.body).not.toContain('example.org');
  });

  it('counts an edition a reader had before their list was imported apart from what was sent, as `paperboy status` does', async () => {
    const input = operatorSubscriptionSchema.parse({ email: 'imported@example.org', topics: ['Diffusion models'], preferences: {} });
    const { subscriberId } = await subscribeConfirmed(h.app.prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: h.clock.now() });
    try {
      expect(await editionHistoryOf(h.app.prisma).recordHad(subscriberId, 'daily:2026-11-20', h.clock.now())).toBe(true);
      const page = (await h.server.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).body;
      expect(page).toMatch(/<td class="title">daily:2026-11-20<\/td><td class="num" data-label="sent">0<\/td>/);
      expect(page).toContain('<p class="note">Not sent from here: 1 reader had daily:2026-11-20 (sent, or nothing new to send) in the database the list was imported from (subscribe --file).</p>');
      const metrics = (await h.server.inject({ method: 'GET', url: '/metrics' })).body;
      expect(metrics).toMatch(/^paperboy_deliveries\{status="sent"\} 2$/m);
      expect(metrics).toMatch(/^paperboy_deliveries_imported 1$/m);
    } finally {
      await h.app.prisma.subscriber.delete({ where: { id: subscriberId } });
      await h.app.prisma.edition.delete({ where: { key: 'daily:2026-11-20' } });
    }
  });

  it("warns above everything of digests a stopped run's journal says went out, as `paperboy status` does", async () => {
    const admin = async () => (await h.server.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).body;
    expect(await admin()).not.toContain('role="alert"');
    // A delivery left open by a run that stopped after the server accepted its message.
    const ada = await h.app.prisma.subscriber.findUniqueOrThrow({ where: { email: 'ada.lovelace@example.org' } });
    const edition = await h.app.prisma.edition.create({ data: { key: 'daily:2026-11-23', date: new Date('2026-11-23') } });
    const open = await h.app.prisma.delivery.create({ data: { editionId: edition.id, subscriberId: ada.id, status: 'sending', messageId: '<stopped@x>', webToken: 'stopped' } });
    const journal = openJournal(journalDirOf(h.app.config.dataDir), claimantName('stopped-run'), () => {});
    try {
      journal.note({ id: open.id, messageId: open.messageId, response: '250 OK', subject: 'Your papers', at: new Date().toISOString() });
      expect(await admin()).toContain('<div class="note bad" role="alert">1 digest the SMTP server accepted before a stopped run could record it: the next send run records it as sent from that run&#x27;s journal (DATA_DIR/journal), without sending it again.</div>');
    } finally {
      journal.discard();
      await h.app.prisma.edition.delete({ where: { id: edition.id } });
    }
  });

  it('shows a run in progress as `paperboy status` does, then how it ended', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const scheduler = createScheduler({ prisma: h.app.prisma, log: h.app.log, clock: h.clock }, [{ name: 'send', cron: '0 0 1 1 *', run: () => held }]);
    const admin = async () => (await h.server.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).body;
    const sendSection = (body: string) => body.match(/<section class="job">\s*<h3>send<\/h3>[\s\S]*?<\/section>/)?.[0] ?? '';
    const statusOfSend = async () =>
      (await serviceStatus(h.app.prisma, { editions: 1, now: h.clock.now(), sendCron: h.app.config.sendCron, sources: h.app.config })).jobs.find((job) => job.name === 'send')!;
    try {
      const running = scheduler.runNow('send');
      for (let tries = 0; !(await h.app.prisma.jobRun.findUnique({ where: { name: 'send' } }))?.startedAt; tries++) {
        if (tries > 200) throw new Error('the run did not start');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // Before, the page listed finished runs only: this one was invisible ("No run recorded yet").
      const during = sendSection(await admin());
      expect(during).toContain(`<span class="badge open">${NO_END.label}</span>`);
      expect(during).toContain(NO_END.reason);
      // Its process is this one, alive: never said to be gone.
      expect(during).not.toContain(GONE.label);
      expect(during).not.toContain('No run recorded yet');
      expect(await statusOfSend()).toMatchObject({ unfinished: true });
      release();
      await running;
      const after = sendSection(await admin());
      expect(after).not.toContain(NO_END.label);
      expect(after).toMatch(/<span class="badge ok">succeeded<\/span>/);
      expect(await statusOfSend()).toMatchObject({ unfinished: false });
    } finally {
      release();
      await scheduler.stop();
      // The other tests here expect no recorded send run (they run in a random order).
      await h.app.prisma.jobRunRecord.deleteMany({ where: { name: 'send' } });
      await h.app.prisma.jobRun.deleteMany({ where: { name: 'send' } });
    }
  });

  it("lists a run killed midway among the later runs, in `paperboy status`'s words, and one still running as such", async () => {
    const admin = async () => (await h.server.inject({ method: 'GET', url: '/admin', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).body;
    const ingestRuns = (body: string) => [...(body.match(/<section class="job">\s*<h3>ingest<\/h3>[\s\S]*?<\/section>/)?.[0] ?? '').matchAll(/<li[\s\S]*?<\/li>/g)].map(([item]) => item);
    const statusOfIngest = async () =>
      (await serviceStatus(h.app.prisma, { editions: 1, now: h.clock.now(), sendCron: h.app.config.sendCron, sources: h.app.config })).jobs.find((job) => job.name === 'ingest')!;
    // A process that existed on this machine and is gone, as a kill -9 leaves it.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const hour = (n: number) => new Date(Date.UTC(2026, 10, 22, n));
    // Runs begun as recordJobRun begins them, that never ended: one killed at 04:00, one at 05:00
    // by a process still alive (this one), which may still be running.
    const begin = async (startedAt: Date, startedBy: string) => {
      await h.app.prisma.jobRun.upsert({ where: { name: 'ingest' }, create: { name: 'ingest', startedAt }, update: { startedAt } });
      await recordJobStart(h.app.prisma, { name: 'ingest', startedAt, startedBy });
    };
    const scheduler = createScheduler({ prisma: h.app.prisma, log: h.app.log, clock: h.clock }, [
      { name: 'ingest', cron: '0 0 1 1 *', run: async () => (await ingestFiles(h.app.db, await listPageFiles([SEEDS_DIR]), { now: h.clock.now() })).summary },
    ]);
    try {
      await begin(hour(4), claimantName('ingest', gone));
      // The last run, and its process gone: not "no end recorded" as if it might still be running.
      const [killed] = ingestRuns(await admin());
      expect(killed).toContain(`<span class="badge bad">${GONE.label}</span>`);
      expect(killed).toContain(GONE.reason);
      expect(killed).not.toContain(NO_END.label);
      expect(await statusOfIngest()).toMatchObject({ unfinished: true, processGone: true });
      expect(noEndWords(true)).toBe(`${GONE.label}: ${GONE.reason}`);

      await begin(hour(5), claimantName('ingest'));
      await scheduler.runNow('ingest'); // 06:00, the harness's clock: it ends
      const runs = ingestRuns(await admin());
      // Newest first by their start: the run that ended, then each that did not, in its place.
      expect(runs).toHaveLength(3);
      expect(runs[0]).toMatch(/<span class="badge ok">succeeded<\/span> <time class="nowrap" datetime="2026-11-22T06:00:00.000Z"/);
      expect(runs[1]).toContain(`<span class="badge open">${NO_END.label}</span>`);
      expect(runs[1]).toContain('datetime="2026-11-22T05:00:00.000Z"');
      expect(runs[1]).not.toContain(GONE.label);
      expect(runs[2]).toContain(`<span class="badge bad">${GONE.label}</span>`);
      expect(runs[2]).toContain('datetime="2026-11-22T04:00:00.000Z"');
      expect(runs[2]).toContain(GONE.reason);
      // `paperboy status` tells the same two runs apart the same way.
      expect(await statusOfIngest()).toMatchObject({
        unfinished: false,
        earlierUnfinished: [
          { startedAt: hour(5), processGone: false },
          { startedAt: hour(4), processGone: true },
        ],
      });
    } finally {
      await scheduler.stop();
      // The other tests here expect no recorded ingest run (they run in a random order).
      await h.app.prisma.jobRunRecord.deleteMany({ where: { name: 'ingest' } });
      await h.app.prisma.jobRun.deleteMany({ where: { name: 'ingest' } });
    }
  });

  it('has no admin page without ADMIN_TOKEN', async () => {
    const other = await startHarness();
    try {
      expect((await other.server.inject({ method: 'GET', url: '/admin?token=anything' })).statusCode).toBe(404);
    } finally {
      await other.close();
    }
  });

  it('serves /metrics without METRICS_TOKEN to this machine only, never through a proxy', async () => {
    expect((await h.server.inject({ method: 'GET', url: '/metrics', remoteAddress: '::1' })).statusCode).toBe(200);
    const remote = await h.server.inject({ method: 'GET', url: '/metrics', remoteAddress: '203.0.113.5' });
    expect(remote.statusCode).toBe(403);
    expect(remote.body).toContain('Set METRICS_TOKEN');
    expect(remote.body).not.toContain('paperboy_subscribers');
    // A reverse proxy on this machine connects from loopback: what it forwards is not local.
    for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      expect((await h.server.inject({ method: 'GET', url: '/metrics', headers: { [header]: '203.0.113.5' } })).statusCode, header).toBe(403);
    }
  });
});

describe('protected operations endpoints', () => {
  const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { ADMIN_TOKEN, METRICS_TOKEN }, web: { adminPerIp: DEFAULT_WEB_OPTIONS.adminPerIp } });
  });
  afterAll(async () => h?.close());

  it('serves /metrics with METRICS_TOKEN to its bearer only, from anywhere', async () => {
    const from = (authorization?: string, remoteAddress = '198.51.100.20') =>
      h.server.inject({ method: 'GET', url: '/metrics', remoteAddress, headers: authorization ? { authorization } : {} });
    expect((await from()).statusCode).toBe(401);
    expect((await from(undefined, '127.0.0.1')).statusCode).toBe(401);
    expect((await from('Bearer wrong-token-wrong-token-wrong')).statusCode).toBe(401);
    const ok = await from(`Bearer ${METRICS_TOKEN}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('paperboy_subscribers');
  });

  it('rate limits /admin per IP: 550 wrong tokens get 429s, other IPs are unaffected', async () => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < 550; i++) {
      const res = await h.server.inject({ method: 'GET', url: `/admin?token=guess-${i}`, remoteAddress: '203.0.113.66' });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: DEFAULT_WEB_OPTIONS.adminPerIp.max, 429: 550 - DEFAULT_WEB_OPTIONS.adminPerIp.max });
    // Even the right token waits out the window from that IP; another IP gets in.
    const blocked = await h.server.inject({ method: 'GET', url: '/admin', remoteAddress: '203.0.113.66', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    const other = await h.server.inject({ method: 'GET', url: '/admin', remoteAddress: '192.0.2.80', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(other.statusCode).toBe(200);
  });
});
