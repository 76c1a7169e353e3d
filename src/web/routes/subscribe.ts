// POST /subscribe: double opt-in, first half. Every address gets the same answer ("check your
// inbox") and the same work (one email), whether it is new, pending or already subscribed.
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { UserError } from '../../shared/errors.js';
import { normaliseEmail } from '../../subscriptions/email.js';
import { recordEvent } from '../../subscriptions/events.js';
import { loadSubscriber } from '../../subscriptions/manage.js';
import { requestSubscription } from '../../subscriptions/request.js';
import { resolveLikedPapers } from '../../subscriptions/feedback.js';
import { CONFIRM_TTL_HOURS } from '../../subscriptions/links.js';
import { perIp, type WebContext } from '../context.js';
import { FormError } from '../errors.js';
import { InputProblems, parseSubscribeBody } from '../form-fields.js';
import { wantsJson } from '../negotiate.js';
import { sendPage } from '../pages.js';
import { csrfUnlessJson } from '../security.js';
import { defaultFormValues, formValuesFromBody } from '../view-models.js';
import { subscribeModel } from './home.js';

export function registerSubscribeRoutes(ctx: WebContext): void {
  const { server, app, options } = ctx;
  // Keyed by a hash of the address (lower-cased, so case variants share a budget): the limiter's
  // memory holds no addresses. Only called once the body has validated.
  const perAddress = server.createRateLimit({
    max: options.subscribePerAddress.max,
    timeWindow: options.subscribePerAddress.timeWindowMs,
    keyGenerator: (request: FastifyRequest) => {
      const email = normaliseEmail(String((request.body as { email?: unknown }).email)).toLowerCase();
      return `subscribe-address:${createHash('sha256').update(email).digest('base64url')}`;
    },
  });

  server.post(
    '/subscribe',
    { config: perIp(options.subscribePerIp), preValidation: csrfUnlessJson(server) },
    async (request, reply) => {
      let input;
      try {
        input = parseSubscribeBody(request.body);
      } catch (error) {
        if (!(error instanceof InputProblems)) throw error;
        const values = formValuesFromBody(request.body, defaultFormValues(app.config.defaultTimeZone));
        throw new FormError(error.problems, { page: 'subscribe', model: await subscribeModel(ctx, reply, values, false) });
      }
      const limit = await perAddress(request);
      if (!limit.isAllowed && limit.isExceeded) {
        reply.header('retry-after', String(limit.ttlInSeconds));
        throw new UserError(
          `This address was sent several emails in the last hour. Check its inbox (and spam folder) for them, or try again in ${Math.ceil(limit.ttlInSeconds / 60)} minutes.`,
          429,
          'too_many_for_address',
        );
      }

      let liked;
      try {
        liked = input.likedPapers ? await resolveLikedPapers(app.prisma, [input.likedPapers]) : [];
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        const values = formValuesFromBody(request.body, defaultFormValues(app.config.defaultTimeZone));
        throw new FormError([`Papers you like: ${error.message}`], { page: 'subscribe', model: await subscribeModel(ctx, reply, values, false) });
      }
      const now = app.clock.now();
      const outcome = await requestSubscription(app.prisma, { ...input, liked }, { source: 'web', defaultTimeZone: app.config.defaultTimeZone, now });
      if (outcome.kind === 'confirm') {
        await ctx.mail.confirmation(input.email, outcome.linkKey, outcome.topics);
        await recordEvent(app.prisma, outcome.subscriberId, 'confirmation_sent', 'web', { expiresInHours: CONFIRM_TTL_HOURS });
      } else {
        const subscriber = await loadSubscriber(app.prisma, outcome.subscriberId);
        if (subscriber) {
          await ctx.mail.welcome(subscriber);
          await recordEvent(app.prisma, outcome.subscriberId, 'manage_link_sent', 'web');
        }
      }

      if (wantsJson(request)) {
        return reply.code(202).send({ ok: true, message: 'Check your inbox: we sent an email to that address with what to do next.' });
      }
      return sendPage(reply, ctx.pages, 'check-inbox', { title: 'Check your inbox', email: input.email, expiresInDays: CONFIRM_TTL_HOURS / 24 }, 200);
    },
  );
}
