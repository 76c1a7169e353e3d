import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import type { WebMail } from './mail.js';
import type { WebOptions } from './options.js';
import type { Pages } from './pages.js';

/** What every group of routes gets from buildServer. */
export interface WebContext {
  server: FastifyInstance;
  app: App;
  pages: Pages;
  mail: WebMail;
  options: WebOptions;
}

/** fastify route config for a per-IP rate limit. */
export function perIp(limit: { max: number; timeWindowMs: number }) {
  return { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } };
}
