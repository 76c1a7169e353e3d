// For the operator: Prometheus metrics, and a read-only overview at /admin behind ADMIN_TOKEN.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { adminReport } from '../../ops/admin-report.js';
import { adminView } from '../../ops/admin-view.js';
import { lastJobRuns } from '../../ops/job-history.js';
import { NotFoundError, UserError } from '../../shared/errors.js';
import type { WebContext } from '../context.js';
import { sendPage } from '../pages.js';

export function registerOpsRoutes(ctx: WebContext): void {
  const { server, app } = ctx;

  server.get('/metrics', async (_request, reply) => {
    const registry = app.metrics.registry;
    return reply.header('content-type', registry.contentType).header('cache-control', 'no-store').send(await registry.metrics());
  });

  server.get('/admin', async (request, reply) => {
    requireAdmin(request, app.config.adminToken);
    const [report, runs] = await Promise.all([adminReport(app.prisma), lastJobRuns(app.prisma)]);
    const view = adminView(report, runs, app.config.defaultTimeZone);
    // The page carries the token in its URL; keep it out of other sites' referrer logs and caches.
    reply.header('referrer-policy', 'no-referrer');
    return sendPage(reply, ctx.pages, 'admin', { title: 'Admin', ...view });
  });
}

/** The token comes as `Authorization: Bearer …` or `?token=…`; without ADMIN_TOKEN there is no admin page. */
function requireAdmin(request: FastifyRequest, adminToken: string | undefined): void {
  if (!adminToken) throw new NotFoundError('There is no admin page: set ADMIN_TOKEN to enable it.');
  const header = request.headers.authorization;
  const given = header?.startsWith('Bearer ') ? header.slice(7) : (request.query as { token?: unknown }).token;
  // Hashing both sides gives equal lengths, so the comparison is constant-time whatever was sent.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  if (typeof given !== 'string' || !timingSafeEqual(digest(given), digest(adminToken))) {
    throw new UserError('The admin page needs the admin token (Authorization: Bearer <ADMIN_TOKEN>, or ?token=).', 401, 'unauthorized');
  }
}
