// GET/POST /preferences/:token: the manage link in every email. Change topics and schedule, pause
// and resume, or come back after unsubscribing (the goodbye email links here for that).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { listCatalogue } from '../../matching/index.js';
import { changeSubscription, type ManagedSubscriber } from '../../subscriptions/index.js';
import { perIp, type WebContext } from '../context.js';
import { expiredFormError, FormError } from '../errors.js';
import { InputProblems, parsePreferencesBody } from '../form-fields.js';
import { ownEntry } from '../lookup.js';
import { wantsJson } from '../negotiate.js';
import { sendPage } from '../pages.js';
import { csrfOrFormAgain, csrfRefused } from '../security.js';
import { formModel, formValuesFromBody, formValuesFromSubscriber, summaryModel, type FormValues } from '../view-models.js';
import { subscriberFromLink } from './link-problem.js';
import { feedbackModel } from './feedback-section.js';
import { outlookModel } from './topic-outlook.js';

type TokenRequest = FastifyRequest<{ Params: { token: string }; Querystring: { done?: unknown; paper?: unknown } }>;
/** What building the page needs of a request: its token (for the forms' actions) and its logger. */
type PageRequest = FastifyRequest<{ Params: { token: string } }>;

/** What the page says after a change (the POST redirects here with ?done=...). */
const NOTICES: Record<string, string> = {
  saved: 'Your preferences are saved.',
  unchanged: 'Nothing changed: these were already your preferences.',
  // ?done=paused needs no notice: the page itself says, prominently, that digests are paused.
  resumed: 'Your digests are back on.',
  resubscribed: 'Welcome back! Your digests are back on.',
  // Notices about liked and rated papers are said in their own card (feedback-section.ts).
};

export function registerPreferencesRoutes(ctx: WebContext): void {
  const { server } = ctx;
  const config = perIp(ctx.options.linksPerIp);

  const subscriberFor = (request: TokenRequest) => subscriberFromLink(ctx, request.params.token, 'manage');

  server.get('/preferences/:token', { config }, async (request: TokenRequest, reply) => {
    const subscriber = await subscriberFor(request);
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send(jsonView(subscriber));
    return preferencesPage(ctx, request, reply, subscriber, formValuesFromSubscriber(subscriber), request.query.done, request.query.paper);
  });

  server.post('/preferences/:token', { config, preValidation: csrfOrFormAgain(server) }, async (request: TokenRequest, reply) => {
    const subscriber = await subscriberFor(request);
    // The page again, with what was sent in place of what is stored.
    const formAgain = async () => ({ page: 'preferences' as const, model: await preferencesModel(ctx, request, reply, subscriber, formValuesFromBody(request.body, formValuesFromSubscriber(subscriber))) });
    if (csrfRefused(request)) throw expiredFormError(await formAgain());
    let input;
    try {
      input = parsePreferencesBody(request.body, subscriber._count.liked > 0);
    } catch (error) {
      if (!(error instanceof InputProblems)) throw error;
      throw new FormError(error.problems, await formAgain());
    }
    const done = await changeSubscription(ctx.subscriptions, subscriber, input, 'web');
    if (wantsJson(request)) {
      const updated = await subscriberFor(request);
      return reply.send({ ...jsonView(updated), result: done });
    }
    // Post/redirect/get: reloading the page does not send the form again.
    return reply.redirect(`/preferences/${encodeURIComponent(request.params.token)}?done=${done}`, 303);
  });
}

function jsonView(subscriber: ManagedSubscriber) {
  return {
    status: subscriber.status,
    topics: subscriber.interests.map((i) => i.label),
    frequency: subscriber.frequency,
    sendHour: subscriber.sendHour,
    sendWeekday: subscriber.sendWeekday,
    timeZone: subscriber.timeZone,
    digestSize: subscriber.digestSize,
  };
}

/** The page's model; `feedback` says what the feedback cards show beyond what is stored (a notice, text typed). */
export async function preferencesModel(
  ctx: WebContext,
  request: PageRequest,
  reply: FastifyReply,
  subscriber: ManagedSubscriber,
  values: FormValues,
  feedback: { done?: unknown; paper?: unknown; likedText?: string } = {},
) {
  const links = ctx.app.links.forSubscriber(subscriber.linkKey);
  const feedbackSection = await feedbackModel(ctx.app.prisma, subscriber.id, feedback);
  return {
    title: 'Your Paperboy preferences',
    ...summaryModel(subscriber),
    ...formModel(values, await listCatalogue(ctx.app.prisma)),
    csrfToken: reply.generateCsrf(),
    action: `/preferences/${encodeURIComponent(request.params.token)}`,
    unsubscribeUrl: links.unsubscribe,
    prefillTimeZone: false,
    arxivLookups: ctx.app.lookupArxiv !== undefined,
    feedback: { ...feedbackSection, action: `/preferences/${encodeURIComponent(request.params.token)}/feedback` },
    // What the saved topics find (not the form's values, which may be an unsaved, refused change),
    // never shown by a paper the reader will not be sent: one they rated, either way, or one they
    // named as liked ("Video generation: such as …" was the reader's own favourite).
    outlook: await outlookModel(ctx, subscriber.interests.map((interest) => interest.label), request.log, new Set([...feedbackSection.ratings, ...feedbackSection.liked].map((paper) => paper.title))),
  };
}

async function preferencesPage(
  ctx: WebContext,
  request: TokenRequest,
  reply: FastifyReply,
  subscriber: ManagedSubscriber,
  values: FormValues,
  /** ?done=…: what the last POST did, for the notice that says so. */
  done: unknown,
  /** ?paper=…: the paper whose mark it undid, named in that notice. */
  paper?: unknown,
) {
  const notice = ownEntry(NOTICES, done);
  if (subscriber.status === 'active' || subscriber.status === 'paused') {
    return sendPage(reply, ctx.pages, 'preferences', { ...(await preferencesModel(ctx, request, reply, subscriber, values, { done, paper })), notice });
  }
  // Unsubscribed, suspended or (unusually) pending: no form to edit, one way forward instead.
  return sendPage(reply, ctx.pages, 'inactive', {
    title: subscriber.status === 'unsubscribed' ? "You're unsubscribed" : subscriber.status === 'suspended' ? 'Your digests are stopped' : 'Almost there',
    ...summaryModel(subscriber),
    unsubscribed: subscriber.status === 'unsubscribed',
    suspended: subscriber.status === 'suspended',
    pending: subscriber.status === 'pending',
    notice,
    csrfToken: reply.generateCsrf(),
    action: `/preferences/${encodeURIComponent(request.params.token)}`,
  });
}
