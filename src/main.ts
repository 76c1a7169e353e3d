// The composition root: the only place where configuration is read and the database, mailer,
// renderer and link builder are built. Everything else receives what it needs; `serve` composes
// its scheduler and web server from the App (service.ts).
//
// Only the command line is imported up front; everything else is imported when an App is opened,
// so that `paperboy --help` or `--version` loads no database driver, mailer or template engine.
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { App, OpenAppOptions } from './app.js';
import type { ArxivLookup } from './corpus/index.js';
import { EXIT } from './cli/context.js';
import { runCli } from './cli/program.js';
import { printProblems } from './cli/run.js';
import { loadDotEnv } from './config/dotenv.js';
import type { Mailer } from './delivery/index.js';
import type { Renderer } from './digest/render.js';
import type { LogFormat } from './shared/logger.js';

export const TEMPLATES_DIR = path.resolve(import.meta.dirname, '../templates');

/** Opens the database (migrating it) and wires the services; the caller must close() the App. */
export async function openApp(options: OpenAppOptions = {}): Promise<App> {
  const [{ loadConfig, linkBaseBesideService, mailBesideService }, { connectionProblem, FIRST_ANSWER_MS, hungUpBeforeAnswer, migrate, noAnswerProblem, openDatabase }, { createMailer, journalDirOf }, { syncCatalogue }, { createMetrics }, { systemClock }, { createLogger }, { createTokenSigner }, { createTaskQueue }, { createLinkBuilder }] =
    await Promise.all([
      import('./config/index.js'),
      import('./db/index.js'),
      import('./delivery/index.js'),
      import('./matching/index.js'),
      import('./ops/metrics.js'),
      import('./shared/clock.js'),
      import('./shared/logger.js'),
      import('./subscriptions/tokens.js'),
      import('./shared/task-queue.js'),
      import('./subscriptions/links.js'),
    ]);
  const config = options.config ?? loadConfig(options.env);
  const log = options.log ?? createLogger(config.logLevel, 2, options.logFormat);
  const clock = options.clock ?? systemClock;
  // A server that cannot be reached or logged in to is a setting to fix, said in one line.
  const explained = (error: unknown) => (config.databaseUrl && connectionProblem(error, config.databaseUrl)) || error;
  // A notice is for the person at a terminal (a command's readable lines); the service logs it as info.
  const notice = (message: string) => (options.logFormat === 'lines' ? process.stderr.write(`paperboy: ${message}\n`) : log.info(message));
  // Once the server has answered it is PostgreSQL at the right address: a connection lost after
  // that (a restart, a terminated backend during the migration) is an outage, not a setting.
  let answered = false;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, warn: (m) => log.warn(m), notice, mustExist: options.existingDatabase, standby: options.service });
  try {
    // A server that accepts connections and never answers (a wrong port, a dead proxy) is a setting
    // to fix too: its first answer is waited for within a bound, not for ever (a migration after
    // it may take as long as it takes).
    const answers = firstAnswer(() => db.withSession((session) => session.query('SELECT 1')), hungUpBeforeAnswer);
    await (config.databaseUrl ? withinTime(answers, FIRST_ANSWER_MS, () => noAnswerProblem(config.databaseUrl!)) : answers);
    answered = true;
    if (options.autoMigrate !== false) {
      const applied = await migrate(db);
      if (applied.length > 0) log.info({ applied, database: db.location }, 'database migrated');
      await syncCatalogue(db.prisma);
    }
  } catch (error) {
    // Closing waits for connections being opened; one that never answers must not hold the exit.
    await Promise.race([db.close().catch(() => {}), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
    throw answered ? error : explained(error);
  }
  const signer = createTokenSigner(config.appSecret);
  let mailer: Mailer | undefined;
  let renderer: Promise<Renderer> | undefined;
  const mailQueue = createTaskQueue();
  let closing: Promise<void> | undefined;
  const app: App = {
    config,
    log,
    clock,
    db,
    prisma: db.prisma,
    signer,
    links: (() => {
      const base = options.service ? { publicUrl: config.publicUrl } : linkBaseBesideService(config.publicUrl, options.env ?? process.env, config.dataDir);
      const { note } = base;
      // Said when a link is first made: `status` beside the service makes none, and says nothing.
      const onFirstUse = note ? () => (note.level === 'warn' ? log.warn(note.message) : notice(note.message)) : undefined;
      return createLinkBuilder({ publicUrl: base.publicUrl, signer, unsubscribeMailto: config.unsubscribeMailto, onFirstUse });
    })(),
    metrics: createMetrics(db.prisma),
    // The corpus module (and its store) is loaded on the first lookup only; one lookup, so one
    // pacer, per process: readers' lookups stay arXiv's 3 seconds apart whoever makes them (a
    // scheduled arXiv fetch paces its own calls).
    lookupArxiv: (() => {
      const apiUrl = config.arxivApiUrl;
      if (!apiUrl) return undefined;
      let lookup: Promise<ArxivLookup> | undefined;
      const loaded = () => (lookup ??= import('./corpus/index.js').then((m) => m.createArxivLookup({ apiUrl })));
      return { byIds: async (ids: string[]) => (await loaded()).byIds(ids), byTitles: async (titles: string[]) => (await loaded()).byTitles(titles) };
    })(),
    mailer: () =>
      (mailer ??= createMailer({
        smtpUrl: config.smtpUrl,
        outboxDir: config.outboxDir,
        from: config.mailFrom,
        poolSize: config.smtpPoolSize,
        ratePerSecond: config.smtpRatePerSecond,
        log,
      })),
    mailQueue,
    // Loaded on first use: MJML is heavy, and most commands render nothing.
    renderer: () => (renderer ??= import('./digest/render.js').then((m) => m.createRenderer({ templatesDir: TEMPLATES_DIR }))),
    async deliveryDeps() {
      // Templates first: a broken one stops the run before an SMTP pool is set up for it.
      const renderer = await app.renderer();
      const elsewhere = options.service ? undefined : mailBesideService(config.dataDir, app.mailer().destination);
      if (elsewhere) log.warn(elsewhere);
      return {
        prisma: db.prisma,
        mailer: app.mailer(),
        renderer,
        links: app.links,
        clock,
        log,
        instanceId: config.instanceId,
        mailFrom: config.mailFrom,
        postalAddress: config.postalAddress,
        journalDir: journalDirOf(config.dataDir),
        metrics: app.metrics,
      };
    },
    close() {
      // Once: a command that ends early (its reader closed the pipe) closes it before its own finally does.
      closing ??= (async () => {
        // What the web server handed off goes out before the mailer closes.
        await mailQueue.drained();
        await mailer?.close();
        await db.close();
      })();
      return closing;
    },
  };
  return app;
}

export async function main(argv: string[]): Promise<number> {
  // Before anything reads the environment: a `.env` in the working directory fills in what it lacks.
  try {
    loadDotEnv();
  } catch (error) {
    printProblems((error as Error).message);
    return EXIT.usage;
  }
  // One-shot commands speak to a person: their info logs would only be noise, and their warnings
  // read as lines. JSON logs stay for the service, for --json and whenever LOG_LEVEL is set.
  const quiet = argv[2] !== 'serve' && !process.env.LOG_LEVEL;
  const env = quiet ? { ...process.env, LOG_LEVEL: 'warn' } : process.env;
  const logFormat: LogFormat = quiet && !argv.includes('--json') ? 'lines' : 'json';
  let opened: App | undefined;
  return runCli(argv, {
    openApp: async (options = {}) => (opened = await openApp({ env, logFormat, ...options })),
    explainOutage: () => (opened?.db.kind === 'embedded-attached' ? attachedOwnerGone(opened.db.location) : undefined),
    closeApp: async () => opened?.close(),
  });
}

/**
 * A command run beside `npm start` on the embedded database reaches it through the service's
 * socket: when the service dies, no retry brings that socket back, and the next command opens
 * the directory itself.
 */
function attachedOwnerGone(location: string): string {
  return `The embedded database was served by another paperboy (${location}), which has stopped. Run the command again: with no other paperboy running, it opens DATA_DIR itself.`;
}

/**
 * The first statement's answer, asked twice when the first connection is hung up on: a backend
 * terminated or a server restarting hangs up once, a port that is not PostgreSQL every time.
 */
async function firstAnswer<T>(ask: () => Promise<T>, hungUp: (error: unknown) => boolean): Promise<T> {
  try {
    return await ask();
  } catch (error) {
    if (!hungUp(error)) throw error;
    await sleep(200);
    return ask();
  }
}

/** `work`, or `problem()` thrown once `ms` have passed without it settling. */
async function withinTime<T>(work: Promise<T>, ms: number, problem: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(problem()), ms)));
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
