// The composition root: the only place where configuration is read and the database, mailer,
// renderer and scheduler are built. Everything else receives what it needs.
import path from 'node:path';
import type { App } from './app.js';
import { runCli } from './cli/program.js';
import { loadConfig, type Config } from './config/index.js';
import { migrate, openDatabase } from './db/index.js';
import { createMailer, type Mailer } from './delivery/index.js';
import type { Renderer } from './digest/render.js';
import { syncCatalogue } from './matching/index.js';
import { createMetrics } from './ops/metrics.js';
import { systemClock, type Clock } from './shared/clock.js';
import { createLogger, type Logger } from './shared/logger.js';
import { createTokenSigner } from './subscriptions/tokens.js';

export const TEMPLATES_DIR = path.resolve(import.meta.dirname, '../templates');

export interface OpenAppOptions {
  env?: NodeJS.ProcessEnv;
  config?: Config;
  clock?: Clock;
  log?: Logger;
  /** Apply pending migrations on open (default). The `migrate` command does it itself. */
  autoMigrate?: boolean;
}

/** Opens the database (migrating it) and wires the services; the caller must close() the App. */
export async function openApp(options: OpenAppOptions = {}): Promise<App> {
  const config = options.config ?? loadConfig(options.env);
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, warn: (m) => log.warn(m) });
  try {
    if (options.autoMigrate !== false) {
      const applied = await migrate(db);
      if (applied.length > 0) log.info({ applied, database: db.location }, 'database migrated');
      await syncCatalogue(db.prisma);
    }
  } catch (error) {
    await db.close();
    throw error;
  }
  const signer = createTokenSigner(config.appSecret);
  let mailer: Mailer | undefined;
  let renderer: Promise<Renderer> | undefined;
  const app: App = {
    config,
    log,
    clock,
    db,
    prisma: db.prisma,
    signer,
    metrics: createMetrics(db.prisma),
    mailer: () =>
      (mailer ??= createMailer({
        smtpUrl: config.smtpUrl,
        outboxDir: config.outboxDir,
        from: config.mailFrom,
        poolSize: config.smtpPoolSize,
        ratePerSecond: config.smtpRatePerSecond,
        log,
      })),
    // Loaded on first use: MJML is heavy, and most commands render nothing.
    renderer: () => (renderer ??= import('./digest/render.js').then((m) => m.createRenderer({ templatesDir: TEMPLATES_DIR }))),
    async deliveryDeps() {
      // Templates first: a broken one stops the run before an SMTP pool is set up for it.
      const renderer = await app.renderer();
      return {
        prisma: db.prisma,
        mailer: app.mailer(),
        renderer,
        signer,
        clock,
        log,
        instanceId: config.instanceId,
        publicUrl: config.publicUrl,
        mailFrom: config.mailFrom,
        unsubscribeMailto: config.unsubscribeMailto,
        postalAddress: config.postalAddress,
      };
    },
    async close() {
      await mailer?.close();
      await db.close();
    },
  };
  return app;
}

export async function main(argv: string[]): Promise<number> {
  // One-shot commands speak to a person on stdout; their info logs would only be noise there.
  const quiet = argv[2] !== 'serve' && !process.env.LOG_LEVEL;
  const env = quiet ? { ...process.env, LOG_LEVEL: 'warn' } : process.env;
  return runCli(argv, { openApp: (options = {}) => openApp({ env, ...options }) });
}
