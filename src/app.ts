// The services a command or the server works with. Built only by the composition root (main.ts).
import type { Config } from './config/index.js';
import type { Database, PrismaClient } from './db/index.js';
import type { DeliveryDeps, Mailer } from './delivery/index.js';
import type { Renderer } from './digest/render.js';
import type { Metrics } from './ops/metrics.js';
import type { Clock } from './shared/clock.js';
import type { LogFormat, Logger } from './shared/logger.js';
import type { TaskQueue } from './shared/task-queue.js';
import type { ArxivPaperLookup } from './subscriptions/liked-papers.js';
import type { LinkBuilder } from './subscriptions/links.js';
import type { TokenSigner } from './subscriptions/tokens.js';

export interface App {
  config: Config;
  log: Logger;
  clock: Clock;
  db: Database;
  prisma: PrismaClient;
  signer: TokenSigner;
  /** Every URL a subscriber is sent or shown (PUBLIC_URL and signed tokens): its one owner. */
  links: LinkBuilder;
  metrics: Metrics;
  /** Papers a reader likes that the corpus lacks, looked up on ARXIV_API_URL by arXiv id or title; absent when ARXIV_API_URL=off. */
  lookupArxiv: ArxivPaperLookup | undefined;
  /** Built on first use, so that commands that send nothing open no SMTP connection. */
  mailer(): Mailer;
  /** Emails handed off to go out after a web request is answered; drained by close(). */
  mailQueue: TaskQueue;
  /** Templates are compiled on first use, once. */
  renderer(): Promise<Renderer>;
  deliveryDeps(): Promise<DeliveryDeps>;
  close(): Promise<void>;
}

/** How the composition root (main.ts openApp) builds an App; commands pass it through CliContext. */
export interface OpenAppOptions {
  env?: NodeJS.ProcessEnv;
  config?: Config;
  clock?: Clock;
  log?: Logger;
  /** How logs are written when no `log` is given (default json). */
  logFormat?: LogFormat;
  /** Apply pending migrations on open (default). The `migrate` command does it itself. */
  autoMigrate?: boolean;
  /** Commands that only read (status, subscribers) never create the embedded database. */
  existingDatabase?: boolean;
  /**
   * `serve`: beside another service on the embedded database it takes it over when that one dies;
   * any other command's links follow the address of a service running beside it (service-address.ts).
   */
  service?: boolean;
}
