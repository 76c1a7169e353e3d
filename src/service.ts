// The long-running service that `paperboy serve` starts on an open App: the scheduled jobs
// (schedule/jobs.ts) and the web server, started in that order and stopped in the reverse one.
// Loaded only by `serve`: no other command needs the web server or the schedule.
import { createServer } from 'node:net';
import type { App } from './app.js';
import { removeServiceAddress, writeServiceAddress, type Config } from './config/index.js';
import { serviceJobs } from './schedule/jobs.js';
import { createScheduler } from './schedule/index.js';
import { ConfigError } from './shared/errors.js';
import { buildServer } from './web/server.js';

export interface RunningService {
  /** Stops the schedule (a send run in progress stops claiming and drains), then the web server. */
  stop(): Promise<void>;
}

export async function startService(app: App): Promise<RunningService> {
  const { log, config } = app;
  const shutdown = new AbortController();
  // A port taken or a host that is not ours stops the start before any work is done or recorded (it
  // ingested the seeds, and recorded that run, then exited 2, "nothing done"). Checked by binding
  // and letting go: the web server itself listens only after the first ingest, so that nothing
  // answers (and no `send` beside it finds an empty corpus) before there are papers.
  await portOrStandBy(app);
  const scheduler = createScheduler({ prisma: app.prisma, log, clock: app.clock }, await serviceJobs(app, shutdown.signal));
  // Through the scheduler, so that this run is recorded like every other (status, /admin, /metrics);
  // before the start send, which then waits for the live sources' start fetches (jobs.ts).
  await scheduler.runNow('ingest');
  const server = await buildServer(app, { warmOutlooks: true });
  try {
    await server.listen({ port: config.port, host: config.host });
  } catch (error) {
    await server.close();
    throw listenProblem(error, config.port, config.host);
  }
  // Before the start send: a command run beside the service makes the same links (service-address.ts).
  try {
    writeServiceAddress(config.dataDir, config.publicUrl, app.mailer().destination);
  } catch (error) {
    log.warn({ reason: (error as Error).message }, 'commands run beside the service cannot learn its address (DATA_DIR/service.json): give them its PUBLIC_URL');
  }
  // Not awaited: the start runs go on in the background while the web server serves.
  scheduler.start();
  log.info({ url: config.publicUrl, database: app.db.location, mail: app.mailer().destination, sources: sourcesOf(config) }, 'paperboy is running');
  return {
    async stop() {
      shutdown.abort();
      await scheduler.stop();
      await server.close();
      removeServiceAddress(config.dataDir);
    },
  };
}

/** Where papers come from, for the operator reading the start line: each source, or off. */
function sourcesOf(config: Config) {
  return {
    seeds: config.seedsDir,
    feed: config.feedUrl ?? 'off',
    arxiv: config.arxivApiUrl && config.arxivCategories.length > 0 ? `${config.arxivCategories.join(',')} via ${config.arxivApiUrl}` : 'off',
    likedPaperLookups: config.arxivApiUrl ?? 'off',
    arxivRecheck: config.arxivApiUrl ? `RECHECK_CRON "${config.recheckCron}"` : 'off',
  };
}

/** How often a service that took the embedded database over tries its port again. */
const PORT_RETRY_MS = 500;
/** How long it waits for the port, which the stopping owner frees about when it frees the database. */
const TAKEOVER_WAIT_MS = 10_000;

/**
 * Checks the port, after standing by while another process serves the embedded database. A second
 * service on the same DATA_DIR used to stand by only when it wanted the same PORT (two `npm start`
 * in one directory): started elsewhere, with another PORT and outbox, it served pages and ran the
 * schedule beside the first, and sent that one's readers to its own outbox with links to its own
 * address. Now it does nothing (no ingest, no job, no page) until the owner stops, then serves.
 * Ctrl-C ends the wait.
 */
async function portOrStandBy(app: App): Promise<void> {
  const { port, host, dataDir } = app.config;
  const stoodBy = app.db.kind === 'embedded-attached' && app.db.takenOver !== undefined;
  if (stoodBy) {
    app.log.warn({ dataDir, port }, `the embedded database in ${dataDir} is served by another paperboy: this one stands by (no pages, no jobs), and serves on PORT ${port} once that one stops`);
    // Nothing else keeps the process alive meanwhile: the standby's watch is unref'd (a command's
    // must not hold it open), and the connection to the owner ends with the owner.
    const keepAlive = setInterval(() => {}, 60_000);
    let servedHere: boolean;
    try {
      servedHere = await app.db.takenOver!;
    } finally {
      clearInterval(keepAlive);
    }
    if (!servedHere) throw new ConfigError([`this paperboy could not take the embedded database in ${dataDir} over (see the message above for how to recover)`]);
  }
  // The owner's port frees as it stops, a moment before or after its database.
  const deadline = stoodBy ? Date.now() + TAKEOVER_WAIT_MS : 0;
  for (;;) {
    const error = await tryListen(port, host);
    if (!error) return;
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > deadline) throw listenProblem(error, port, host);
    await new Promise((resolve) => setTimeout(resolve, PORT_RETRY_MS));
  }
}

/** Binds the port and lets it go: the error that binding gave, or null. */
async function tryListen(port: number, host: string): Promise<unknown> {
  const probe = createServer();
  try {
    await new Promise<void>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen({ port, host, exclusive: true }, resolve);
    });
    return null;
  } catch (error) {
    return error;
  } finally {
    await new Promise<void>((resolve) => (probe.listening ? probe.close(() => resolve()) : resolve()));
  }
}

/** A port taken or a host that is not ours is a setting to change, not a crash. */
function listenProblem(error: unknown, port: number, host: string): unknown {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ConfigError([`PORT ${port} is already in use on ${host} (another paperboy?); stop that process or set PORT to a free port`]);
    case 'EACCES':
      return new ConfigError([`PORT ${port} needs privileges on ${host}; use a port above 1023`]);
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new ConfigError([`HOST "${host}" is not an address of this machine; use 0.0.0.0 (every interface) or 127.0.0.1 (this machine only)`]);
    default:
      return error;
  }
}
