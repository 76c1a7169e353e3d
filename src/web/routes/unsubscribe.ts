// GET/POST /unsubscribe/:token. GET only shows a page with one button: link prefetchers and mail
// scanners fetch links, and must not unsubscribe anyone. POST unsubscribes at once, with no CSRF
// token and no cookie, because RFC 8058 one-click unsubscribe (the mail client's own button) sends
// exactly this: a POST with the body "List-Unsubscribe=One-Click" and nothing else. The token in
// the URL, mailed only to the subscriber, is the credential; there is nothing for CSRF to add.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { leave, type ManagedSubscriber } from '../../subscriptions/index.js';
import { perIp, type WebContext } from '../context.js';
import { wantsJson } from '../negotiate.js';
import { sendPage } from '../pages.js';
import { summaryModel } from '../view-models.js';
import { subscriberFromLink } from './link-problem.js';

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

const ONE_CLICK_BODY_LIMIT = 4096;

export async function registerUnsubscribeRoutes(ctx: WebContext): Promise<void> {
  const config = perIp(ctx.options.linksPerIp);
  const subscriberFor = (request: TokenRequest) => subscriberFromLink(ctx, request.params.token, 'unsubscribe');

  ctx.server.get('/unsubscribe/:token', { config }, async (request: TokenRequest, reply) => {
    const subscriber = await subscriberFor(request);
    if (wantsJson(request)) return reply.send({ status: subscriber.status });
    if (subscriber.status === 'unsubscribed') return donePage(ctx, reply, subscriber, false);
    return sendPage(reply, ctx.pages, 'unsubscribe', {
      title: 'Unsubscribe from Paperboy',
      ...summaryModel(subscriber),
      action: `/unsubscribe/${encodeURIComponent(request.params.token)}`,
      preferencesUrl: links(ctx, subscriber).preferences,
      // What "fewer emails" can still mean for them: a weekly reader is not offered a weekly digest.
      // Fewer papers is no fewer emails: a weekly reader's lighter choice is a pause.
      lighterChoice: subscriber.frequency === 'daily' ? 'switch to a weekly digest or pause' : 'pause them for a while',
    });
  });

  // Its own scope: only here does a multipart body (what RFC 8058 shows mail clients sending) parse,
  // into a string that is only searched for the one-click field, never decoded further.
  await ctx.server.register(async (scope: FastifyInstance) => {
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: ONE_CLICK_BODY_LIMIT }, (_request, body, done) =>
      done(null, { multipart: body }),
    );
    scope.post('/unsubscribe/:token', { config, bodyLimit: ONE_CLICK_BODY_LIMIT }, async (request: TokenRequest, reply) => {
      const subscriber = await subscriberFor(request);
      const source = isOneClick(request.body) ? 'one-click' : 'web';
      const { changed, noticeFailure } = await leave(ctx.subscriptions, subscriber, source);
      if (noticeFailure !== undefined) request.log.error({ err: noticeFailure }, 'goodbye email not sent');
      if (wantsJson(request) || source === 'one-click') {
        // Mail clients only look at the status; a person who sent it by hand gets a sentence too.
        return reply.code(200).send({ ok: true, status: 'unsubscribed', message: 'This address is unsubscribed and gets no more digests.' });
      }
      return donePage(ctx, reply, subscriber, changed);
    });
  });
}

/** `List-Unsubscribe=One-Click`, as a form field (urlencoded or JSON) or inside a multipart body. */
function isOneClick(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const fields = body as Record<string, unknown>;
  if (fields['List-Unsubscribe'] === 'One-Click') return true;
  const multipart = fields.multipart;
  return typeof multipart === 'string' && /name="List-Unsubscribe"\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\b/i.test(multipart);
}

function links(ctx: WebContext, subscriber: ManagedSubscriber) {
  return ctx.app.links.forSubscriber(subscriber.linkKey);
}

function donePage(ctx: WebContext, reply: FastifyReply, subscriber: ManagedSubscriber, justNow: boolean) {
  return sendPage(reply, ctx.pages, 'unsubscribed', {
    title: "You're unsubscribed",
    justNow,
    address: summaryModel(subscriber).address,
    // The manage link of an unsubscribed address shows a one-button resubscribe.
    resubscribeUrl: links(ctx, subscriber).preferences,
  });
}
