// GET /confirm/:token: double opt-in, second half. A GET, because that is what an email link is;
// mail scanners that fetch links may therefore confirm on the reader's behalf, which is the
// accepted cost of one-click confirmation. The link still only works for the mailbox it was sent to.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { confirmSubscription, describeFirstDigest, loadSubscriber, type ManagedSubscriber, subscriberLinks } from '../../subscriptions/index.js';
import { perIp, type WebContext } from '../context.js';
import { wantsJson } from '../negotiate.js';
import { sendPage } from '../pages.js';
import { summaryModel } from '../view-models.js';
import { linkError } from './link-problem.js';

export function registerConfirmRoutes(ctx: WebContext): void {
  const { server, app } = ctx;
  server.get<{ Params: { token: string } }>('/confirm/:token', { config: perIp(ctx.options.linksPerIp) }, async (request, reply) => {
    const now = app.clock.now();
    const outcome = await confirmSubscription(app.prisma, app.signer, request.params.token, { source: 'web', now });
    if (outcome.kind === 'expired' || outcome.kind === 'unknown' || outcome.kind === 'revoked' || outcome.kind === 'no-longer-valid') {
      throw linkError(outcome.kind === 'no-longer-valid' ? 'ended' : outcome.kind);
    }
    const subscriber = await loadSubscriber(app.prisma, outcome.subscriberId);
    if (!subscriber) throw linkError('revoked');
    if (outcome.kind === 'confirmed') {
      // The subscription stands even if the welcome email fails; the page has the same links.
      await ctx.mail.welcome(subscriber).catch((error: unknown) => request.log.error({ err: error }, 'welcome email not sent'));
    }
    return confirmedPage(ctx, request, reply, subscriber, outcome.kind === 'confirmed', now);
  });
}

function confirmedPage(ctx: WebContext, request: FastifyRequest, reply: FastifyReply, subscriber: ManagedSubscriber, justNow: boolean, now: Date) {
  const { config } = ctx.app;
  const links = subscriberLinks(config.publicUrl, ctx.app.signer, subscriber.linkKey);
  const summary = summaryModel(subscriber);
  const firstDigest = subscriber.status === 'active' ? describeFirstDigest(subscriber, now) : null;
  if (wantsJson(request)) {
    return reply.send({ status: subscriber.status, confirmedNow: justNow, topics: summary.topicLabels, schedule: summary.schedule, firstDigest });
  }
  return sendPage(reply, ctx.pages, 'confirmed', {
    title: justNow ? "You're subscribed" : 'Already confirmed',
    justNow,
    ...summary,
    firstDigest,
    preferencesUrl: links.preferences,
  });
}
