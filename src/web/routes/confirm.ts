// GET/POST /confirm/:token: double opt-in, second half. GET only shows a page with one button:
// mail scanners and link previews (Safe Links and the like) open every link in a message, and a
// GET that confirmed would let them subscribe an address whose owner never asked, which is what
// double opt-in exists to prevent. POST confirms, with no CSRF token and no cookie, as the
// unsubscribe button does: the token in the URL, mailed only to the address, is the credential.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkConfirmLink, confirmFromLink, listLikedPapers } from '../../subscriptions/index.js';
import { perIp, type WebContext } from '../context.js';
import { wantsJson } from '../negotiate.js';
import { sendPage } from '../pages.js';
import { likedInWords, summaryModel } from '../view-models.js';
import { linkError } from './link-problem.js';
import { outlookModel } from './topic-outlook.js';

type TokenRequest = FastifyRequest<{ Params: { token: string } }>;

export function registerConfirmRoutes(ctx: WebContext): void {
  const config = perIp(ctx.options.linksPerIp);

  ctx.server.get('/confirm/:token', { config }, async (request: TokenRequest, reply) => {
    const check = await checkConfirmLink(ctx.subscriptions, request.params.token);
    if (check.kind === 'refused') throw linkError(check.why === 'no-longer-valid' ? 'ended' : check.why);
    // Already confirmed: nothing to ask; the page says what they get (confirmFromLink changes nothing then).
    if (check.kind === 'already-confirmed') return confirmed(ctx, request, reply);
    if (wantsJson(request)) return reply.send({ status: 'pending', confirmedNow: false, confirm: { method: 'POST', url: request.url } });
    return sendPage(reply, ctx.pages, 'confirm', {
      title: 'Confirm your subscription',
      address: check.email,
      action: `/confirm/${encodeURIComponent(request.params.token)}`,
    });
  });

  ctx.server.post('/confirm/:token', { config }, async (request: TokenRequest, reply) => confirmed(ctx, request, reply));
}

const FIRST_DIGEST_WHEN_SOMETHING = 'when one of your topics finds a new paper: none does at the moment (below), and we never send an empty digest';
const IF_TOPICS_FIND = 'if one of your topics finds a new paper by then (we never send an empty digest)';

async function confirmed(ctx: WebContext, request: TokenRequest, reply: FastifyReply) {
  const result = await confirmFromLink(ctx.subscriptions, request.params.token, 'web');
  if (result.kind === 'refused') throw linkError(result.why === 'no-longer-valid' ? 'ended' : result.why);
  if (result.noticeFailure !== undefined) request.log.error({ err: result.noticeFailure }, 'welcome email not sent');
  const { subscriber } = result;
  const justNow = result.kind === 'confirmed';
  const summary = summaryModel(subscriber);
  const likedCount = (await listLikedPapers(ctx.app.prisma, subscriber.id)).length;
  const outlook = await outlookModel(ctx, summary.topicLabels, request.log);
  // "Shortly, with today's papers" was promised to a reader none of whose topics found a paper, and
  // the send run skipped them: an empty digest is never sent. Liked papers always bring some. When
  // what the topics find is not known in time (the page right after an ingest), the promise is
  // given with its condition rather than made outright.
  const onTopicsAlone = likedCount === 0 && summary.topicLabels.length > 0;
  const firstDigest = !result.firstDigest || !onTopicsAlone ? result.firstDigest : outlook === null ? `${result.firstDigest}, ${IF_TOPICS_FIND}` : outlook.allFindNothing ? FIRST_DIGEST_WHEN_SOMETHING : result.firstDigest;
  if (wantsJson(request)) {
    return reply.send({ status: subscriber.status, confirmedNow: justNow, topics: summary.topicLabels, likedPapers: likedCount, schedule: summary.schedule, firstDigest });
  }
  return sendPage(reply, ctx.pages, 'confirmed', {
    title: justNow ? "You're subscribed" : 'Already confirmed',
    justNow,
    ...summary,
    firstDigest,
    // Papers the reader named bring digests too (with or without topics): "What you'll get" says so.
    liked: likedInWords(likedCount),
    preferencesUrl: result.links.preferences,
    outlook,
  });
}
