// GET/POST /confirm/:token: double opt-in, second half. GET only shows a page with one button:
// mail scanners and link previews (Safe Links and the like) open every link in a message, and a
// GET that confirmed would let them subscribe an address whose owner never asked, which is what
// double opt-in exists to prevent. POST confirms, with no CSRF token and no cookie, as the
// unsubscribe button does: the token in the URL, mailed only to the address, is the credential.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { checkConfirmLink, confirmFromLink, listLikedPapers, listRatings } from '../../subscriptions/index.js';
import { perIp, type WebContext } from '../context.js';
import { wantsJson } from '../negotiate.js';
import { sendPage } from '../pages.js';
import { likedInWords, summaryModel } from '../view-models.js';
import { linkError } from './link-problem.js';
import { outlookModel, type OutlookModel } from './topic-outlook.js';

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

/**
 * When the first digest comes, as far as the page can know it. "Shortly, with today's papers" was
 * promised to a reader none of whose topics found a paper, and the send run skipped them: an empty
 * digest is never sent. It is promised outright only when a topic finds papers now; when that is
 * not known in time (the page right after an ingest), or rests on liked papers (which bring only
 * papers close to them, maybe none), it is given with its condition.
 */
function firstDigestPromise(when: string, outlook: OutlookModel | null, likedCount: number, hasTopics: boolean): string {
  if (outlook !== null && !outlook.allFindNothing) return when;
  if (likedCount > 0) return `${when}, if a new paper is close to the papers you like${hasTopics && outlook === null ? ' or your topics find one' : ''} by then (we never send an empty digest)`;
  return outlook === null ? `${when}, if one of your topics finds a new paper by then (we never send an empty digest)` : FIRST_DIGEST_WHEN_SOMETHING;
}

async function confirmed(ctx: WebContext, request: TokenRequest, reply: FastifyReply) {
  const result = await confirmFromLink(ctx.subscriptions, request.params.token, 'web');
  if (result.kind === 'refused') throw linkError(result.why === 'no-longer-valid' ? 'ended' : result.why);
  if (result.noticeFailure !== undefined) request.log.error({ err: result.noticeFailure }, 'welcome email not sent');
  const { subscriber } = result;
  const justNow = result.kind === 'confirmed';
  const summary = summaryModel(subscriber);
  const [liked, ratings] = await Promise.all([listLikedPapers(ctx.app.prisma, subscriber.id), listRatings(ctx.app.prisma, subscriber.id)]);
  const likedCount = liked.length;
  // Never shown by a paper the reader will not be sent, as on the preferences page: "Large
  // language models: … such as “Linguistic Collapse…”" was the paper they had just named.
  const outlook = await outlookModel(ctx, summary.topicLabels, request.log, new Set([...liked, ...ratings].map((paper) => paper.title)));
  const firstDigest = result.firstDigest && firstDigestPromise(result.firstDigest, outlook, likedCount, summary.topicLabels.length > 0);
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
