// The subscribe page, the topic catalogue for programs, and the health check.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WebContext } from '../context.js';
import { sendPage } from '../pages.js';
import { describeDbError, isConnectionError } from '../../db/index.js';
import { listCatalogue } from '../../matching/index.js';
import { defaultFormValues, formModel, type FormValues } from '../view-models.js';

/** The subscribe page's model; also used to show the form again with its problems. */
export async function subscribeModel(ctx: WebContext, reply: FastifyReply, values: FormValues, fresh: boolean) {
  const catalogue = await listCatalogue(ctx.app.prisma);
  return {
    title: 'Research papers on your topics, by email',
    ...formModel(values, catalogue),
    csrfToken: reply.generateCsrf(),
    // Only a blank form takes the browser's time zone; a form shown again keeps what was chosen.
    prefillTimeZone: fresh,
    action: '/subscribe',
    arxivLookups: ctx.app.lookupArxiv !== undefined,
  };
}

export function registerHomeRoutes(ctx: WebContext): void {
  const { server, app } = ctx;

  server.get('/', async (_request: FastifyRequest, reply) =>
    sendPage(reply, ctx.pages, 'subscribe', await subscribeModel(ctx, reply, defaultFormValues(app.config.defaultTimeZone), true)),
  );

  server.get('/api/topics', async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return { topics: await listCatalogue(app.prisma) };
  });

  // For load balancers and monitors: 503 (not the generic error page) when the database is away.
  // Said once when it goes and once when it comes back, in one line: a probe every few seconds
  // logged the driver's whole stack each time.
  let unreachableSince: Date | null = null;
  server.get('/healthz', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    try {
      await app.prisma.$queryRaw`SELECT 1`;
      if (unreachableSince) request.log.info({ since: unreachableSince.toISOString() }, 'health check: the database answers again');
      unreachableSince = null;
      return { ok: true };
    } catch (error) {
      if (!isConnectionError(error)) request.log.error({ err: error }, 'health check failed');
      else if (!unreachableSince) request.log.warn({ reason: describeDbError(error) }, 'health check: database unreachable (said again when it answers)');
      unreachableSince ??= new Date();
      return reply.code(503).send({ ok: false });
    }
  });
}
