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

/** How often a service standing by for the port tries it again. */
const PORT_RETRY_MS = 1_000;
/** After the port frees, how long a standby waits to have taken the embedded database over. */
const TAKEOVER_WAIT_MS = 10_000;

/**
 * Checks the port, or, for a second service on the same DATA_DIR (two `npm start` in one directory,
 * so one `.env` and one PORT), stands by until the service that holds both stops: it exited at once,
 * "PORT 3225 is already in use", so a new one started before the old one stopped could not take over.
 * Nothing is done meanwhile (no ingest, no job): the owner does it. Ctrl-C ends the wait.
 */
async function portOrStandBy(app: App): Promise<void> {
  const { port, host } = app.config;
  let told = false;
  for (;;) {
    const error = await tryListen(port, host);
    if (!error) break;
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || app.db.kind !== 'embedded-attached') throw listenProblem(error, port, host);
    if (!told) app.log.warn({ port }, `PORT ${port} is in use by the paperboy that serves the embedded database: this one stands by, and serves once that one stops`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, PORT_RETRY_MS));
  }
  // The owner gone, its files are taken over within about a second (db/embedded.ts: standby).
  const deadline = Date.now() + TAKEOVER_WAIT_MS;
  while (told && app.db.kind === 'embedded-attached' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
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
