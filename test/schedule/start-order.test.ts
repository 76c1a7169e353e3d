// The service at start (service.ts, the jobs of schedule/jobs.ts): the send that catches up on
// digests due at start waits for the start fetch of the live sources, so that a digest due then
// carries that morning's papers; the web server answers meanwhile. A feed held open by the test
// stands in for a slow source (no waiting on time: the test says when the feed answers).
import type { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { startService, type RunningService } from '../../src/service.js';
import { startFetchesWaitMs } from '../../src/schedule/jobs.js';
import { fixedClock } from '../../src/shared/clock.js';
import { operatorSubscriptionSchema, subscribeConfirmed } from '../../src/subscriptions/index.js';
import { openTestApp } from '../../testkit/app.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startRecordingSink, type RecordingSink } from '../../testkit/recording-sink.js';
import { listenLocally, type LocalServer } from '../helpers/local-server.js';
import { freePort } from '../helpers/serve.js';
import { sleep } from '../delivery/helpers/world.js';

const TODAY = '2026-11-20';
/** Today's feed: one paper, on a topic nothing in the seeds is about. */
const TODAYS_FEED = JSON.stringify([
  {
    paper: {
      id: '2611.04242',
      authors: [{ name: 'Ada Lovelace' }],
      publishedAt: `${TODAY}T05:00:00.000Z`,
      title: 'Quokka burrow navigation with learned maps',
      summary: 'Quokkas navigate their burrows with learned maps. We model quokka burrow navigation and release the burrow maps.',
      upvotes: 5,
    },
  },
]);

async function until(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(50);
  }
}

describe('the send at start', () => {
  let db: TestDatabase;
  let sink: RecordingSink;
  let feed: LocalServer;
  let app: App;
  let service: RunningService | undefined;
  let answerToday!: () => void;
  const asked: string[] = [];

  beforeEach(async () => {
    db = await createTestDatabase('postgres');
    sink = await startRecordingSink();
    const todayAnswered = new Promise<void>((resolve) => (answerToday = resolve));
    feed = await listenLocally((request, response: ServerResponse) => {
      const date = new URL(request.url ?? '/', 'http://x').searchParams.get('date') ?? '';
      asked.push(date);
      const send = (body: string) => response.writeHead(200, { 'content-type': 'application/json' }).end(body);
      if (date === TODAY) void todayAnswered.then(() => send(TODAYS_FEED));
      else send('[]');
    });
    // 07:30 UTC on the 20th: the reader's 07:00 digest of the 20th is due when the service starts.
    const clock = fixedClock(new Date(`${TODAY}T07:30:00Z`));
    app = await openTestApp(db, { clock, env: { SMTP_URL: sink.url, FEED_URL: `${feed.origin}/api/daily_papers`, PORT: String(await freePort()), HOST: '127.0.0.1' } });
    const input = operatorSubscriptionSchema.parse({ email: 'quokka@example.org', topics: ['quokka burrow navigation'], preferences: { sendHour: 7, timeZone: 'UTC' } });
    await subscribeConfirmed(app.prisma, input, { source: 'cli', defaultTimeZone: 'UTC', now: new Date('2026-11-19T12:00:00Z') });
  });
  afterEach(async () => {
    answerToday?.();
    await service?.stop();
    await app?.close();
    await feed?.close();
    await sink?.close();
    await db?.drop();
  });

  it("waits for the start fetch, so a digest due at start carries that morning's papers; the web answers meanwhile", async () => {
    service = await startService(app);
    await until(async () => asked.includes(TODAY));
    // The fetch is waiting for today's feed; the web server is already serving.
    const health = await fetch(`http://127.0.0.1:${app.config.port}/healthz`);
    expect(health.status).toBe(200);
    // However long the feed takes (within its bound), the send has not begun, so sent nothing.
    await sleep(1500);
    expect(await app.prisma.jobRun.findUnique({ where: { name: 'send' } })).toBeNull();
    expect(sink.accepted).toHaveLength(0);

    answerToday();
    await until(async () => (await app.prisma.jobRun.findUnique({ where: { name: 'send' } }))?.okAt != null);
    const fetched = await app.prisma.jobRun.findUniqueOrThrow({ where: { name: 'fetch' } });
    const sent = await app.prisma.jobRun.findUniqueOrThrow({ where: { name: 'send' } });
    expect(fetched.okAt).not.toBeNull();
    expect(sent.startedAt!.getTime()).toBeGreaterThanOrEqual(fetched.finishedAt!.getTime());
    // Before, the send ran beside the fetch: nothing on the reader's topic yet, so no digest.
    expect(sink.accepted.map((message) => message.to)).toEqual(['quokka@example.org']);
    const papers = await app.prisma.sentPaper.findMany({ where: { subscriber: { email: 'quokka@example.org' } }, select: { paper: { select: { title: true } } } });
    expect(papers.map((row) => row.paper.title)).toContain('Quokka burrow navigation with learned maps');
  });
});

describe('how long the send at start waits', () => {
  it("is the slower start fetch's run when its source never answers, by the fetch's own timeouts", () => {
    // The feed asks for two days, each waiting out its 30 s; arXiv paces 5 days per category at
    // 3 s, then one request waits out its 60 s and the run gives up on an unreachable API.
    expect(startFetchesWaitMs(true, 0)).toBe(60_000);
    expect(startFetchesWaitMs(false, 1)).toBe(75_000);
    expect(startFetchesWaitMs(true, 4)).toBe(120_000);
    expect(startFetchesWaitMs(false, 0)).toBe(0);
  });
});
