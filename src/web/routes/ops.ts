// For the operator: Prometheus metrics, and a read-only overview at /admin behind ADMIN_TOKEN.
// Both show counts of subscribers, so neither is open to the world: /metrics needs METRICS_TOKEN
// (or, without one, a client on this machine), /admin needs ADMIN_TOKEN and is rate limited per IP.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { adminReport, adminView, jobsOff, operatorWarnings } from '../../ops/index.js';
import { lastJobRuns } from '../../schedule/index.js';
import { NotFoundError, UserError } from '../../shared/errors.js';
import { perIp, type WebContext } from '../context.js';
import { sendPage } from '../pages.js';

export function registerOpsRoutes(ctx: WebContext): void {
  const { server, app } = ctx;

  server.get('/metrics', { config: perIp(ctx.options.adminPerIp) }, async (request, reply) => {
    requireMetricsAccess(request, app.config.metricsToken);
    const registry = app.metrics.registry;
    return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(await registry.metrics());
  });

  server.get('/admin', { config: perIp(ctx.options.adminPerIp) }, async (request, reply) => {
    requireAdmin(request, app.config.adminToken);
    const [report, runs, warnings] = await Promise.all([adminReport(app.prisma), lastJobRuns(app.prisma), operatorWarnings(app.prisma, app.config.dataDir)]);
    const view = adminView(report, runs, app.config.defaultTimeZone, jobsOff(app.config));
    // The page carries the token in its URL; keep it out of other sites' referrer logs and caches.
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, ctx.pages, 'admin', { title: 'Admin', ...view, warnings });
  });
}

/** Hashing both sides gives equal lengths, so the comparison is constant-time whatever was sent. */
function sameSecret(given: unknown, secret: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return typeof given === 'string' && timingSafeEqual(digest(given), digest(secret));
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/** The token comes as `Authorization: Bearer …` or `?token=…`; without ADMIN_TOKEN there is no admin page. */
function requireAdmin(request: FastifyRequest, adminToken: string | undefined): void {
  if (!adminToken) throw new NotFoundError('There is no admin page: set ADMIN_TOKEN to enable it.');
  if (!sameSecret(bearer(request) ?? (request.query as { token?: unknown }).token, adminToken)) {
    throw new UserError('The admin page needs the admin token (Authorization: Bearer <ADMIN_TOKEN>, or ?token=).', 401, 'unauthorized');
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
// A reverse proxy on this machine connects from loopback too: what it forwards is not local.
const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

/** With METRICS_TOKEN, its bearer; without, a client on this machine that came through no proxy. */
function requireMetricsAccess(request: FastifyRequest, metricsToken: string | undefined): void {
  if (metricsToken) {
    if (!sameSecret(bearer(request), metricsToken)) {
      throw new UserError('Metrics need the metrics token: Authorization: Bearer <METRICS_TOKEN>.', 401, 'unauthorized');
    }
    return;
  }
  const local = LOOPBACK.test(request.socket.remoteAddress ?? '') && PROXY_HEADERS.every((name) => request.headers[name] === undefined);
  if (!local) throw new UserError('Metrics are served to this machine only. Set METRICS_TOKEN to scrape them from elsewhere.', 403, 'forbidden');
}
