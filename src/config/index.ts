// Configuration: read from the environment once at boot, validated with zod, typed inside.
import { randomBytes } from 'node:crypto';
import { accessSync, constants, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { checkTimeZone, timeZoneAsWritten } from '../shared/time.js';
import { ConfigError, explainIssue } from '../shared/errors.js';
import { arxivCategoryList } from './arxiv-categories.js';
import { dotEnvRead } from './dotenv.js';
import { makeDirectories } from '../shared/directories.js';
import { cronExpression, listenHost, misspeltSettings, publicBaseUrl, secret, senderAddress, serverUrl } from './rules.js';


const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

export { arxivCategory, arxivCategoryList } from './arxiv-categories.js';
export { linkBaseBesideService, mailBesideService, removeServiceAddress, writeServiceAddress } from './service-address.js';

export const DEFAULT_FEED_URL = 'https://huggingface.co/api/daily_papers';
export const DEFAULT_ARXIV_API_URL = 'https://export.arxiv.org/api/query';

/** Corpus pages larger than this are refused before being read (MAX_PAGE_BYTES). */
export const DEFAULT_MAX_PAGE_BYTES = 10 * 1024 * 1024;

/** A live source's URL, or `off`. "OFF" and " off " are off too: refused, they stopped the service over a capital. */
const sourceUrl = z.union([z.literal('off'), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, or off' })]);
const offOrEmpty = (value: unknown) => {
  const given = emptyAsUndefined(value);
  return typeof given === 'string' && given.trim().toLowerCase() === 'off' ? 'off' : given;
};

const envSchema = z.object({
  // Unset: the embedded database.
  DATABASE_URL: z.preprocess(emptyAsUndefined, serverUrl(['postgres', 'postgresql'], 'postgresql://user:password@127.0.0.1:5432/paperboy, or unset for the embedded database').optional()),
  // Unset: .eml files in OUTBOX_DIR.
  SMTP_URL: z.preprocess(emptyAsUndefined, serverUrl(['smtp', 'smtps'], 'smtp://user:password@smtp.example.org:587, or unset for .eml files in OUTBOX_DIR').optional()),
  MAIL_FROM: z.preprocess(emptyAsUndefined, senderAddress.default('Paperboy <paperboy@localhost>')),
  UNSUBSCRIBE_MAILTO: z.preprocess(emptyAsUndefined, z.email('must be a bare address such as unsubscribe@example.org (a mailbox you actually process)').optional()),
  PUBLIC_URL: z.preprocess(emptyAsUndefined, publicBaseUrl.optional()),
  PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(3000)),
  HOST: z.preprocess(emptyAsUndefined, listenHost.default('0.0.0.0')),
  APP_SECRET: z.preprocess(emptyAsUndefined, secret(32, 'e.g. `openssl rand -hex 32`').optional()),
  DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
  OUTBOX_DIR: z.preprocess(emptyAsUndefined, z.string().default('./outbox')),
  FEED_URL: z.preprocess(offOrEmpty, sourceUrl.default(DEFAULT_FEED_URL)),
  // Checked against arXiv's taxonomy and written as arXiv spells them (cs.lg → cs.LG): the API
  // finds nothing for a misspelt category, silently (arxiv-categories.ts).
  ARXIV_CATEGORIES: z.preprocess(emptyAsUndefined, arxivCategoryList.default([])),
  ARXIV_API_URL: z.preprocess(offOrEmpty, sourceUrl.default(DEFAULT_ARXIV_API_URL)),
  TZ: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .superRefine(checkTimeZone)
      .transform(timeZoneAsWritten)
      .default('UTC'),
  ),
  SEEDS_DIR: z.preprocess(emptyAsUndefined, z.string().default('./seeds')),
  MAX_PAGE_BYTES: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1024, 'must be at least 1024 (bytes)').default(DEFAULT_MAX_PAGE_BYTES)),
  MAIL_POSTAL_ADDRESS: z.preprocess(emptyAsUndefined, z.string().max(300).default('Paperboy, a self-hosted paper digest')),
  ADMIN_TOKEN: z.preprocess(emptyAsUndefined, secret(16, 'e.g. `openssl rand -hex 16`').optional()),
  METRICS_TOKEN: z.preprocess(emptyAsUndefined, secret(16, 'e.g. `openssl rand -hex 16`').optional()),
  SMTP_POOL_SIZE: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(1).max(100).default(5)),
  SMTP_RATE_PER_SECOND: z.preprocess(emptyAsUndefined, z.coerce.number().min(0).default(0)),
  SEND_CRON: z.preprocess(emptyAsUndefined, cronExpression.default('*/10 * * * *')),
  INGEST_CRON: z.preprocess(emptyAsUndefined, cronExpression.default('5 * * * *')),
  FETCH_CRON: z.preprocess(emptyAsUndefined, cronExpression.default('30 */6 * * *')),
  // Once a day, after arXiv's nightly announcement (20:00 New York: 00:00 or 01:00 UTC) and the
  // 00:30 fetch, off the fetches' :30 slots, before the first European morning digests.
  RECHECK_CRON: z.preprocess(emptyAsUndefined, cronExpression.default('45 3 * * *')),
  // Once a day on the embedded database, between the night's jobs, before the first morning digests.
  BACKUP_CRON: z.preprocess(emptyAsUndefined, cronExpression.default('15 2 * * *')),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  PAPERBOY_INSTANCE: optionalString,
});

export interface Config {
  databaseUrl: string | undefined;
  /** Absent when mail goes to the outbox directory. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** A mailbox the operator processes, offered as List-Unsubscribe mailto; unset: https one-click only. */
  unsubscribeMailto: string | undefined;
  publicUrl: string;
  port: number;
  host: string;
  appSecret: string;
  dataDir: string;
  outboxDir: string;
  /** The daily-papers feed, fetched every FETCH_CRON; undefined when FEED_URL=off. */
  feedUrl: string | undefined;
  /** arXiv categories listed every FETCH_CRON through the arXiv API; empty: arXiv is off. */
  arxivCategories: string[];
  /** The arXiv API, for ARXIV_CATEGORIES and for looking up papers readers like; undefined when ARXIV_API_URL=off. */
  arxivApiUrl: string | undefined;
  defaultTimeZone: string;
  seedsDir: string;
  /** Corpus pages larger than this are refused unread. */
  maxPageBytes: number;
  postalAddress: string;
  adminToken: string | undefined;
  /** Set: /metrics needs `Authorization: Bearer <token>`. Unset: /metrics answers loopback clients only. */
  metricsToken: string | undefined;
  smtpPoolSize: number;
  smtpRatePerSecond: number;
  sendCron: string;
  ingestCron: string;
  fetchCron: string;
  /** The daily arXiv re-check of the digest candidates (corpus/arxiv-recheck.ts). */
  recheckCron: string;
  /** The daily backup of the list to DATA_DIR/backups, on the embedded database (subscriptions/backup.ts). */
  backupCron: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Identifies this process in delivery claims. */
  instanceId: string;
}

/**
 * Validates the environment. In embedded mode a missing APP_SECRET is generated once and kept
 * under DATA_DIR so that links in mail already sent stay valid across restarts.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const dotEnv = dotEnvRead();
  const misspelt = misspeltSettings(dotEnv, Object.keys(envSchema.shape));
  if (misspelt.length > 0) throw new ConfigError(misspelt);
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // A value the environment left unset and `.env` gave is said to come from there, as a misspelt
    // name in it is: a command run in another folder reads that folder's file, and the operator
    // looked for the value in their shell.
    const from = (name: string) => (dotEnv?.applied.has(name) && dotEnv.applied.get(name) === env[name] ? `${dotEnv.file}: ` : '');
    throw new ConfigError(parsed.error.issues.map((issue) => `${from(String(issue.path[0]))}${explainIssue(issue, String(issue.path[0]))}`));
  }
  const e = parsed.data;
  if (e.ARXIV_API_URL === 'off' && e.ARXIV_CATEGORIES.length > 0) {
    throw new ConfigError(['ARXIV_CATEGORIES lists arXiv categories, but ARXIV_API_URL=off: unset one of them']);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  // The embedded database and its secret live there: a folder that cannot be made or written
  // (a file in the way, no permission) is the operator's setting, said in one line, not a stack.
  if (!e.DATABASE_URL) checkWritableFolder(dataDir);
  if (!e.APP_SECRET && e.DATABASE_URL) {
    throw new ConfigError(['APP_SECRET is required with DATABASE_URL, and the same on every instance (e.g. `openssl rand -hex 32`)']);
  }
  // Made when first needed (a link signed, a cookie keyed), not here: `status` run where there is
  // no database says it creates none, and left a new DATA_DIR/app-secret behind.
  let appSecret = e.APP_SECRET;
  return {
    get appSecret() {
      return (appSecret ??= readOrCreateSecret(dataDir));
    },
    databaseUrl: e.DATABASE_URL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    unsubscribeMailto: e.UNSUBSCRIBE_MAILTO,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    port: e.PORT,
    host: e.HOST,
    dataDir,
    outboxDir: path.resolve(e.OUTBOX_DIR),
    feedUrl: e.FEED_URL === 'off' ? undefined : e.FEED_URL,
    arxivCategories: e.ARXIV_CATEGORIES,
    arxivApiUrl: e.ARXIV_API_URL === 'off' ? undefined : e.ARXIV_API_URL,
    defaultTimeZone: e.TZ,
    seedsDir: path.resolve(e.SEEDS_DIR),
    maxPageBytes: e.MAX_PAGE_BYTES,
    postalAddress: e.MAIL_POSTAL_ADDRESS,
    adminToken: e.ADMIN_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    smtpPoolSize: e.SMTP_POOL_SIZE,
    smtpRatePerSecond: e.SMTP_RATE_PER_SECOND,
    sendCron: e.SEND_CRON,
    ingestCron: e.INGEST_CRON,
    fetchCron: e.FETCH_CRON,
    recheckCron: e.RECHECK_CRON,
    backupCron: e.BACKUP_CRON,
    logLevel: e.LOG_LEVEL,
    instanceId: e.PAPERBOY_INSTANCE ?? `${process.pid}-${randomBytes(3).toString('hex')}`,
  };
}

function checkWritableFolder(dir: string): void {
  try {
    makeDirectories(dir);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? `${code}: a file is in the way` : code;
    throw new ConfigError([`DATA_DIR: cannot write to ${dir} (${why}): make it a writable folder, or set DATABASE_URL to use a PostgreSQL server`]);
  }
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, 'app-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  makeDirectories(dataDir);
  const secret = randomBytes(32).toString('hex');
  // `wx` fails if another process created it first; then theirs wins.
  try {
    writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 });
    return secret;
  } catch {
    return readFileSync(file, 'utf8').trim();
  }
}
