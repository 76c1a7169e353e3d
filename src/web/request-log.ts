// Request logs without secrets: link tokens are credentials (whoever holds one can unsubscribe or
// edit a subscription), so they are cut out of logged URLs, and query strings (which could carry an
// address) are dropped.
import type { FastifyRequest } from 'fastify';

const TOKEN_ROUTES = /^\/(confirm|preferences|unsubscribe|digest|feedback)\/[^/?#]*/;

export function redactUrl(url: string): string {
  const path = url.split('?')[0] ?? '';
  const hadQuery = path.length < url.length;
  return path.replace(TOKEN_ROUTES, '/$1/[token]') + (hadQuery ? '?[redacted]' : '');
}

/** Replaces fastify's default `req` serializer: the same fields, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    remoteAddress: request.ip,
  };
}
