// GET /confirm/:token: double opt-in, second half. A GET, because that is what an email link is;
// mail scanners that fetch links may therefore confirm on the reader's behalf, which is the
// accepted cost of one-click confirmation. The link still only works for the mailbox it was sent to.
import { confirmFromLink, listLikedPapers } from '../../subscriptions/index.js';
import { perIp, type WebContext } from '../context.js';
import { wantsJson } from '../negotiate.js';
import { sendPage } from '../pages.js';
import { likedInWords, summaryModel } from '../view-models.js';
import { linkError } from './link-problem.js';
import { outlookModel } from './topic-outlook.js';

export function registerConfirmRoutes(ctx: WebContext): void {
  ctx.server.get<{ Params: { token: string } }>('/confirm/:token', { config: perIp(ctx.options.linksPerIp) }, async (request, reply) => {
    const result = await confirmFromLink(ctx.subscriptions, request.params.token, 'web');
    if (result.kind === 'refused') throw linkError(result.why === 'no-longer-valid' ? 'ended' : result.why);
    if (result.noticeFailure !== undefined) request.log.error({ err: result.noticeFailure }, 'welcome email not sent');
    const { subscriber, firstDigest } = result;
    const justNow = result.kind === 'confirmed';
    const summary = summaryModel(subscriber);
    const likedCount = (await listLikedPapers(ctx.app.prisma, subscriber.id)).length;
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
      outlook: await outlookModel(ctx, summary.topicLabels, request.log),
    });
  });
}
