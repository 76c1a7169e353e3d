// GET /digest/:token: "view in your browser" for a digest that was mailed.
import { loadDigestView } from '../digest-view.js';
import { perIp, type WebContext } from '../context.js';
import { linkError } from './link-problem.js';

export function registerDigestRoutes(ctx: WebContext): void {
  const { app } = ctx;
  ctx.server.get<{ Params: { token: string } }>(
    '/digest/:token',
    {
      config: perIp(ctx.options.linksPerIp),
      // Email HTML is all inline styles and has no scripts: allow the one, forbid the other.
      helmet: {
        enableCSPNonces: false,
        contentSecurityPolicy: {
          useDefaults: false,
          directives: {
            'default-src': ["'none'"],
            'style-src': ["'unsafe-inline'"],
            'img-src': ['https:', 'data:'],
            'base-uri': ["'none'"],
            'form-action': ["'none'"],
            'frame-ancestors': ["'none'"],
          },
        },
      },
    },
    async (request, reply) => {
      const found = await loadDigestView(
        { prisma: app.prisma, links: app.links, postalAddress: app.config.postalAddress },
        request.params.token,
      );
      if (found.kind !== 'view') throw linkError(found.kind === 'revoked' ? 'digest-revoked' : 'digest');
      const html = (await app.renderer()).digest(found.view).html;
      return reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, no-store').header('x-robots-tag', 'noindex').send(html);
    },
  );
}
