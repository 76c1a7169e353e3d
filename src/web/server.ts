// The HTTP server. Routes are registered by domain; errors are mapped to pages in one place (errors.ts).
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { App } from '../app.js';
import { createMailNotifier } from '../delivery/index.js';
import { topicOutlooks, WARM_TOPICS } from '../matching/index.js';
import { nextRunAfter } from '../schedule/index.js';
import { followedTopics, type SubscriptionDeps } from '../subscriptions/index.js';
import type { WebContext } from './context.js';
import { answerError, installErrorHandling } from './errors.js';
import { DEFAULT_WEB_OPTIONS, type WebOptions } from './options.js';
import { loadPages } from './pages.js';
import { serializeRequest } from './request-log.js';
import { registerConfirmRoutes } from './routes/confirm.js';
import { registerDigestRoutes } from './routes/digest.js';
import { registerFeedbackRoutes } from './routes/feedback.js';
import { registerHomeRoutes } from './routes/home.js';
import { registerOpsRoutes } from './routes/ops.js';
import { registerPreferencesRoutes } from './routes/preferences.js';
import { registerReaderFeedbackRoutes } from './routes/reader-feedback.js';
import { registerSubscribeRoutes } from './routes/subscribe.js';
import { registerUnsubscribeRoutes } from './routes/unsubscribe.js';
import { registerSecurity } from './security.js';

/** Paths whose last segment is a secret link token: kept out of search engines and logs. */
const TOKEN_PATH = /^\/(confirm|preferences|unsubscribe|digest|feedback)\//;

export async function buildServer(app: App, overrides: Partial<WebOptions> = {}): Promise<FastifyInstance> {
  const options: WebOptions = { ...DEFAULT_WEB_OPTIONS, ...overrides };
  const pages = await loadPages();
  const server = Fastify({
    loggerInstance: app.log.child({ component: 'http' }, { serializers: { req: serializeRequest } }) as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    // Signed tokens are about 100 characters, past fastify's default limit of 100 for a parameter.
    routerOptions: { maxParamLength: 600 },
    // Bad URLs (broken percent-encoding, oversized parameters) get the same pages as other errors.
    frameworkErrors: (error, request, reply) => answerError(error, request, reply, pages),
  });
  installErrorHandling(server, pages);
  // fastify reads text/plain bodies by default; no route here wants one, so they get a clear 415.
  server.removeContentTypeParser('text/plain');
  await registerSecurity(server, app);
  server.addHook('onRequest', async (request, reply) => {
    if (TOKEN_PATH.test(request.url)) reply.header('x-robots-tag', 'noindex, nofollow');
  });

  const ctx: WebContext = { server, app, pages, subscriptions: subscriptionDeps(app), options, outlooks: topicOutlooks(app.prisma, app.clock) };
  registerHomeRoutes(ctx);
  registerSubscribeRoutes(ctx);
  registerConfirmRoutes(ctx);
  registerPreferencesRoutes(ctx);
  registerReaderFeedbackRoutes(ctx);
  await registerUnsubscribeRoutes(ctx);
  registerDigestRoutes(ctx);
  registerFeedbackRoutes(ctx);
  registerOpsRoutes(ctx);
  if (options.warmOutlooks) {
    // Not awaited: the first pages are served meanwhile, as they would be without it.
    server.addHook('onListen', async () => {
      const warm = async () => ctx.outlooks.warm((await followedTopics(app.prisma, WARM_TOPICS)).map((topic) => topic.label));
      warm().catch((error: unknown) => server.log.warn({ err: error }, 'could not load what topics find ahead of the first page; it is loaded by that page'));
    });
  }
  return server;
}

/** The use cases' dependencies, from the App the server was given (tests hand in a changed one). */
function subscriptionDeps(app: App): SubscriptionDeps {
  const notifier = createMailNotifier({ renderer: () => app.renderer(), mailer: () => app.mailer(), links: app.links, postalAddress: app.config.postalAddress });
  return {
    prisma: app.prisma,
    clock: app.clock,
    signer: app.signer,
    links: app.links,
    notifier,
    defaultTimeZone: app.config.defaultTimeZone,
    lookupArxiv: app.lookupArxiv,
    nextSendRun: (after) => nextRunAfter(app.config.sendCron, after),
  };
}
