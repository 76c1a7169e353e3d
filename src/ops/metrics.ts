// Prometheus metrics. Counts that live in the database (deliveries by status, papers, last
// successful job runs) are read at scrape time, so every instance reports the same truth; send
// latency is observed in the process that sends.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PrismaClient } from '../db/index.js';
import { DELIVERY_STATUSES } from '../delivery/index.js';

export interface Metrics {
  registry: Registry;
  /** Seconds from handing a message to the mailer to the SMTP server's acceptance. */
  observeSend(seconds: number, outcome: string): void;
  /** A send run that stopped early, and why (relay refusing everyone, SMTP login, database). */
  runStopped(reason: string): void;
}

export function createMetrics(prisma: PrismaClient): Metrics {
  const registry = new Registry();
  // Node's own metrics are named process_* and nodejs_* already: prefixed with 'paperboy_' only (not 'paperboy_process_process_cpu…').
  collectDefaultMetrics({ register: registry, prefix: 'paperboy_' });

  new Gauge({
    name: 'paperboy_deliveries',
    help: "Deliveries by status, over all editions, erased readers' included (as status and /admin count them); sent counts the digests this service sent (paperboy_deliveries_imported the editions readers had before their list was imported)",
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      // With what `paperboy erase` kept of erased readers' deliveries: without it "sent" went down
      // at each erasure, which a counter-minded dashboard reads as digests un-sent.
      const [rows, erased] = await Promise.all([
        prisma.delivery.groupBy({ by: ['status'], where: { imported: false }, _count: { _all: true } }),
        prisma.erasedDeliveries.groupBy({ by: ['status'], _sum: { count: true } }),
      ]);
      for (const status of DELIVERY_STATUSES) {
        this.set({ status }, (rows.find((r) => r.status === status)?._count._all ?? 0) + (erased.find((r) => r.status === status)?._sum.count ?? 0));
      }
    },
  });

  new Gauge({
    name: 'paperboy_deliveries_imported',
    help: 'Editions readers had in the database their list was imported from (paperboy subscribe --file): recorded so that they are not sent again, never sent from here',
    registers: [registry],
    async collect() {
      this.set(await prisma.delivery.count({ where: { imported: true } }));
    },
  });

  new Gauge({
    name: 'paperboy_papers',
    help: 'Papers in the corpus',
    registers: [registry],
    async collect() {
      this.set(await prisma.paper.count());
    },
  });

  new Gauge({
    name: 'paperboy_subscribers',
    help: 'Subscribers by status',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await prisma.subscriber.groupBy({ by: ['status'], _count: { _all: true } });
      for (const row of rows) this.set({ status: row.status }, row._count._all);
    },
  });

  new Gauge({
    name: 'paperboy_job_last_success_timestamp_seconds',
    help: 'When each scheduled job (send, ingest, fetch) last finished without error or warning (a send that left digests pending, or had some fail for good, is no success here), among the runs the history keeps',
    labelNames: ['job'],
    registers: [registry],
    async collect() {
      this.reset();
      // From the history, not the job's okAt: that is also the end of a run that finished with a
      // warning (status says "ended …, but"), and a send to a relay that was down for hours kept
      // this gauge fresh, so an alert on it never fired.
      const runs = await prisma.jobRunRecord.groupBy({ by: ['name'], where: { ok: true, error: null }, _max: { finishedAt: true } });
      for (const run of runs) if (run._max.finishedAt) this.set({ job: run.name }, run._max.finishedAt.getTime() / 1000);
    },
  });

  const sendLatency = new Histogram({
    name: 'paperboy_send_duration_seconds',
    help: 'Time for the SMTP server to accept (or refuse) a digest, by outcome: accepted, temporary, permanent, mailbox (no such mailbox), policy (refused by the relay\'s rules), setup',
    labelNames: ['outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });

  const stopped = new Counter({
    name: 'paperboy_send_runs_stopped_total',
    help: 'Send runs stopped before their end, by reason: relay-refusals (the relay refuses most recipients for policy reasons), smtp-setup (login or TLS refused), database (it did not answer within the bound)',
    labelNames: ['reason'],
    registers: [registry],
  });

  return {
    registry,
    observeSend: (seconds, outcome) => sendLatency.observe({ outcome }, seconds),
    runStopped: (reason) => stopped.inc({ reason }),
  };
}
