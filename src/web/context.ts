import type { FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import type { TopicOutlooks } from '../matching/index.js';
import type { SubscriptionDeps } from '../subscriptions/index.js';
import type { WebOptions } from './options.js';
import type { Pages } from './pages.js';

/** What every group of routes gets from buildServer. */
export interface WebContext {
  server: FastifyInstance;
  app: App;
  pages: Pages;
  /** What the subscription use cases the routes call work with (their notices go by email). */
  subscriptions: SubscriptionDeps;
  options: WebOptions;
  /** "What your topics find now", shared by the pages that show it. */
  outlooks: TopicOutlooks;
}

/** fastify route config for a per-IP rate limit. */
export function perIp(limit: { max: number; timeWindowMs: number }) {
  return { rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs } };
}
