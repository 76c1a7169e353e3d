// The raw ceiling of bench/send.ts, run in a process of its own.
import nodemailer from 'nodemailer';
import { loadConfig } from '../src/config/index.js';
import { createOutageGuard } from '../src/db/index.js';
import { claimantName } from '../src/delivery/claimant.js';
import { claimBatch } from '../src/delivery/claim.js';
import { MESSAGE_DEFAULTS, inFlightLimit, smtpPoolOptions, DEFAULT_RETRY, type DeliveryDeps, type OutgoingMessage } from '../src/delivery/index.js';
import { createPaperCache } from '../src/delivery/papers.js';
import { createRecorder } from '../src/delivery/record.js';
import { createRelayWatch } from '../src/delivery/relay-watch.js';
import { prepareBatch, renderDelivery, type WorkerContext } from '../src/delivery/worker.js';
import { openApp } from '../src/main.js';
import { createMatcher } from '../src/matching/index.js';
import { forEachLimit } from '../src/shared/concurrency.js';
import { createLogger } from '../src/shared/logger.js';

/** Distinct pre-rendered messages the raw ceiling cycles through. */
const RAW_SAMPLE = 500;

interface PhaseOptions {
  databaseUrl: string;
  smtpUrl: string;
  poolSize: number;
  env: Record<string, string>;
}

export async function runPhase(name: string, options: PhaseOptions) {
  if (name !== 'raw') throw new Error(`unknown phase ${name}: the others run the paperboy command itself`);
  const config = loadConfig(options.env);
  const app = await openApp({ config, log: createLogger(config.logLevel), autoMigrate: false });
  const deps = await app.deliveryDeps(); // compiles the templates: start-up, not sending
  try {
    return await rawCeiling(deps, options);
  } finally {
    await app.close();
  }
}

/** nodemailer alone: the same pooled transport options and in-flight limit as a send run. */
async function rawCeiling(deps: DeliveryDeps, options: PhaseOptions) {
  const messages = await renderSample(deps);
  const total = await deps.prisma.delivery.count({ where: { status: 'sent' } });
  const transport = nodemailer.createTransport(smtpPoolOptions(options.smtpUrl, options.poolSize, 0), MESSAGE_DEFAULTS);
  const inFlight = inFlightLimit(options.poolSize); // what drain() uses
  const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await forEachLimit(
    Array.from({ length: total }, (_, i) => i),
    inFlight,
    async (i) => {
      await transport.sendMail({ from: deps.mailFrom, ...messages[i % messages.length]! });
    },
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return { seconds, digests: total, rssMb: process.resourceUsage().maxRSS / 1024, rssBeforeMb, cpuMsPerDigest: cpuMs(cpu) / total };
}

/** Renders real digests of this database with the engine's own code, before any timing. */
async function renderSample(deps: DeliveryDeps): Promise<OutgoingMessage[]> {
  const claimant = claimantName('bench-raw');
  await deps.prisma.$executeRaw`
    UPDATE "Delivery" SET status = 'pending', "nextAttemptAt" = now()
    WHERE id IN (SELECT id FROM "Delivery" WHERE status = 'sent' ORDER BY id LIMIT ${RAW_SAMPLE})`;
  const db = createOutageGuard({ maxOutageMs: 30_000 });
  const ctx: WorkerContext = {
    deps,
    db,
    matcher: createMatcher(deps.prisma, { now: new Date() }),
    papers: createPaperCache(deps.prisma),
    recorder: createRecorder(deps, { claimant, retry: DEFAULT_RETRY, random: Math.random, onDone: () => {}, db }),
    claimant,
    relay: createRelayWatch(),
    lost: () => {},
    holds: async () => true,
    recipientStatus: async () => 'active',
    halt: () => {},
    halted: () => false,
  };
  const ids = await claimBatch(deps.prisma, { claimant, now: new Date(Date.now() + 1000), claimTimeoutMs: 60_000, limit: RAW_SAMPLE, editionIds: null });
  const { ready } = await prepareBatch(ctx, ids);
  const messages = await Promise.all(ready.map((delivery) => renderDelivery(ctx, delivery)));
  await deps.prisma.$executeRaw`UPDATE "Delivery" SET status = 'sent', "claimedBy" = NULL WHERE id = ANY(${ids}::int[])`;
  return messages;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}
