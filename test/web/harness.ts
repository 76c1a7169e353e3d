// A Paperboy web server on a fresh PostgreSQL database, its mail going to an in-process SMTP sink,
// plus the small things the web tests keep doing: fetch a form's CSRF token and cookie, post a form,
// pull links out of the mail, snapshot what the database holds about subscribers.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { ParsedMail } from 'mailparser';
import type { App } from '../../src/app.js';
import { fixedClock } from '../../src/shared/clock.js';
import type { WebOptions } from '../../src/web/options.js';
import { buildServer } from '../../src/web/server.js';
import { openTestApp } from '../../testkit/app.js';
export { captureLogs } from '../helpers/logs.js';
import { createTestDatabase, type TestDatabase } from '../../testkit/database.js';
import { startSmtpSink, type SmtpSink } from '../../testkit/smtp-sink.js';

/** Limits high enough that only the rate-limit tests ever reach them. */
export const RELAXED: Partial<WebOptions> = {
  subscribePerIp: { max: 10_000, timeWindowMs: 60_000 },
  subscribePerAddress: { max: 10_000, timeWindowMs: 60_000 },
  formsPerIp: { max: 10_000, timeWindowMs: 60_000 },
  linksPerIp: { max: 10_000, timeWindowMs: 60_000 },
  adminPerIp: { max: 10_000, timeWindowMs: 60_000 },
  // Short, so tests run quickly; long enough for the sink to take a message before the answer.
  subscribeAnswerMs: 100,
  // A page never goes without "What your topics find now" in tests, however loaded the machine.
  outlookBudgetMs: 60_000,
};

export interface Harness {
  db: TestDatabase;
  smtp: SmtpSink;
  app: App;
  server: FastifyInstance;
  clock: ReturnType<typeof fixedClock>;
  close(): Promise<void>;
}

export async function startHarness(options: { web?: Partial<WebOptions>; env?: Record<string, string>; app?: (app: App) => App } = {}): Promise<Harness> {
  const db = await createTestDatabase('postgres');
  const smtp = await startSmtpSink();
  // 06:00 UTC on a Sunday: before the default 07:00 digest hour in most zones.
  const clock = fixedClock(new Date('2026-11-22T06:00:00Z'));
  const app = await openTestApp(db, { clock, env: { SMTP_URL: smtp.url, ...options.env } });
  const server = await buildServer(options.app ? options.app(app) : app, { ...RELAXED, ...options.web });
  // Emails may go out after the answer (the mail queue); a test reads them once they have.
  const inject = server.inject.bind(server);
  server.inject = (async (request: InjectOptions | string) => {
    const response = await inject(request);
    await app.mailQueue.drained();
    return response;
  }) as unknown as typeof server.inject;
  return {
    db,
    smtp,
    app,
    server,
    clock,
    async close() {
      await server.close();
      await app.close();
      await smtp.close();
      await db.drop();
    },
  };
}

export interface FormSession {
  csrf: string;
  cookie: string;
}

/** GETs a page with a form, as a browser would: keeps its CSRF cookie and hidden token. */
export async function openForm(server: FastifyInstance, url: string): Promise<FormSession> {
  const page = await server.inject({ method: 'GET', url });
  if (page.statusCode !== 200) throw new Error(`GET ${url}: ${page.statusCode} ${page.body.slice(0, 200)}`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const cookie = ([] as string[]).concat(page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  if (!csrf || !cookie) throw new Error(`GET ${url}: no CSRF token or cookie`);
  return { csrf, cookie };
}

export type Fields = Record<string, string | string[] | undefined>;

export function formBody(fields: Fields): string {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of ([] as Array<string | undefined>).concat(value)) if (v !== undefined) body.append(key, v);
  }
  return body.toString();
}

/** POSTs a form the way a browser does (urlencoded, with the cookie and the token). */
export function postForm(server: FastifyInstance, url: string, fields: Fields, session?: FormSession): Promise<LightMyRequestResponse> {
  return server.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(session ? { cookie: session.cookie } : {}) },
    payload: formBody(session ? { _csrf: session.csrf, ...fields } : fields),
  });
}

export const SUBSCRIBE_FIELDS: Fields = {
  topics: ['llms', 'retrieval'],
  customTopics: 'protein folding',
  frequency: 'daily',
  sendHour: '8',
  sendWeekday: '1',
  timeZone: 'Europe/Berlin',
  digestSize: '5',
};

/** Subscribes through the form; returns the response. */
export async function subscribeByForm(h: Harness, email: string, fields: Fields = SUBSCRIBE_FIELDS): Promise<LightMyRequestResponse> {
  const session = await openForm(h.server, '/');
  return postForm(h.server, '/subscribe', { email, ...fields }, session);
}

export function mailTo(h: Harness, email: string): ParsedMail[] {
  return h.smtp.messages.filter((_, i) => h.smtp.recipients[i]?.includes(email));
}

export function lastMailTo(h: Harness, email: string): ParsedMail {
  const mail = mailTo(h, email).at(-1);
  if (!mail) throw new Error(`no mail to ${email}`);
  return mail;
}

/** The path (no host) of the first link to `route` in a message's plain text. */
export function linkIn(mail: ParsedMail, route: 'confirm' | 'preferences' | 'unsubscribe' | 'digest'): string {
  const match = new RegExp(`http://paperboy\\.test(/${route}/[A-Za-z0-9_.~%-]+)`).exec(mail.text ?? '');
  if (!match) throw new Error(`no /${route}/ link in: ${mail.text}`);
  return match[1]!;
}

/** Subscribes and confirms; returns the address's manage and unsubscribe paths. */
export async function subscribeAndConfirm(h: Harness, email: string, fields: Fields = SUBSCRIBE_FIELDS) {
  const answer = await subscribeByForm(h, email, fields);
  if (answer.statusCode !== 200) throw new Error(`subscribe: ${answer.statusCode} ${answer.body.slice(0, 300)}`);
  const confirm = linkIn(lastMailTo(h, email), 'confirm');
  const confirmed = await h.server.inject({ method: 'POST', url: confirm });
  if (confirmed.statusCode !== 200) throw new Error(`confirm: ${confirmed.statusCode}`);
  const welcome = lastMailTo(h, email);
  return { confirm, confirmPage: confirmed.body, preferences: linkIn(welcome, 'preferences'), unsubscribe: linkIn(welcome, 'unsubscribe'), welcome };
}

/** Everything stored about subscribers, to prove a refused request changed nothing. */
export async function snapshot(h: Harness) {
  const { prisma } = h.app;
  return JSON.stringify({
    subscribers: await prisma.subscriber.findMany({ orderBy: { id: 'asc' } }),
    interests: await prisma.interest.findMany({ orderBy: { id: 'asc' } }),
    events: await prisma.subscriptionEvent.findMany({ orderBy: { id: 'asc' } }),
    mails: h.smtp.messages.length,
  });
}

export async function subscriberByEmail(h: Harness, email: string) {
  return h.app.prisma.subscriber.findUnique({ where: { email }, include: { interests: { orderBy: { id: 'asc' } }, events: { orderBy: { id: 'asc' } } } });
}

/** A digest as the sender leaves it once mailed (a sent delivery with its papers); returns its web token. */
export async function mailedDigest(h: Harness, subscriberId: number, day: string, webToken: string): Promise<string> {
  const { prisma } = h.app;
  const now = h.clock.now();
  const paper = await prisma.paper.create({
    data: { titleKey: `paper of ${day}`, title: `Paper of ${day}`, abstract: 'An abstract.', arxivId: `2611.${day.replaceAll('-', '').slice(-5)}`, upvotes: 3, firstSeenAt: now, lastSeenAt: now },
  });
  const edition = await prisma.edition.upsert({ where: { key: `daily:${day}` }, create: { key: `daily:${day}`, date: new Date(`${day}T00:00:00Z`) }, update: {} });
  const delivery = await prisma.delivery.create({
    data: { editionId: edition.id, subscriberId, status: 'sent', messageId: `<${webToken}@paperboy.test>`, webToken, sentAt: now },
  });
  await prisma.deliveryContent.create({ data: { deliveryId: delivery.id, papers: [{ paperId: paper.id, score: 1, reasons: [], trending: false }] } });
  return webToken;
}
