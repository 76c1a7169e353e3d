// The HTTP server. Routes are registered by domain; errors are mapped to pages in one place.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { App } from '../app.js';

export async function buildServer(app: App): Promise<FastifyInstance> {
  const server = Fastify({ loggerInstance: app.log.child({ component: 'http' }) as FastifyBaseLogger });
  server.get('/healthz', async () => {
    await app.prisma.$queryRaw`SELECT 1`;
    return { ok: true };
  });
  return server;
}
