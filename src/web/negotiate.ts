// Whether a request is from a program (JSON in, JSON out) or a person with a browser (HTML).
import type { FastifyRequest } from 'fastify';

/** The body was sent as JSON. */
export function sentJson(request: FastifyRequest): boolean {
  return /^application\/(?:[\w.+-]+\+)?json\b/i.test(request.headers['content-type'] ?? '');
}

/** Answer in JSON: the client sent JSON, asked for it rather than HTML, or called the API. */
export function wantsJson(request: FastifyRequest): boolean {
  if (sentJson(request) || request.url.startsWith('/api/')) return true;
  const accept = request.headers.accept ?? '';
  return /\bapplication\/json\b/i.test(accept) && !/\btext\/html\b/i.test(accept);
}
