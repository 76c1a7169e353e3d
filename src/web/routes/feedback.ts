// GET/POST /feedback/:token/:verdict: "More like this" / "Less like this" under every paper of a
// digest. The token is signed for one reader and one paper. A GET only shows a page with one
// button (mail scanners open every link and must not rate anything); the POST (CSRF-checked, or
// JSON) records the verdict, changes it, or undoes it, then redirects back to the page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { UserError } from '../../shared/errors.js';
import { currentRating, feedbackTarget, giveVerdict, likesPaper } from '../../subscriptions/index.js';
import type { WebContext } from '../context.js';
import { perIp } from '../context.js';
import { ownEntry } from '../lookup.js';
import { wantsJson } from '../negotiate.js';
import { EXPIRED_TAP_PROBLEM } from '../errors.js';
import { sendPage } from '../pages.js';
import { csrfOrFormAgain, csrfRefused } from '../security.js';
import { linkError, warnOtherSecret } from './link-problem.js';

type FeedbackRequest = FastifyRequest<{ Params: { token: string; verdict: string }; Querystring: { done?: string } }>;

const verdictSchema = z.enum(['more', 'less']);
const bodySchema = z.object({ action: z.enum(['more', 'less', 'undo'], { error: 'action must be more, less or undo' }) });

/** "Your next digests…" is only true of a reader who gets digests (FOR_THE_OTHERS, below, for the rest). */
const NOTICES: Record<string, string> = {
  rated: 'Thanks: your next digests take it into account.',
  'rated-unliked': 'Thanks: your next digests take it into account. It was among the papers you like, and no longer is.',
  undone: 'Undone: this paper no longer counts.',
  'undone-relisted': 'Undone: this paper no longer counts as less like this, and is back among the papers you like.',
  // The undo of a changed mark puts back the one it replaced (VERDICT: as stored now).
  'undone-restored': 'Undone: this paper is marked VERDICT like this again, as before.',
  'undone-restored-relisted': 'Undone: this paper is marked VERDICT like this again, as before, and is back among the papers you like.',
};

/**
 * The thanks after a POST, only when what is stored bears it out: `?done=` is just a query string,
 * which anyone can append (or an old tab can still carry after a change elsewhere).
 */
function noticeFor(done: string | undefined, stored: { current: 'more' | 'less' | null; liked: boolean }, receiving: boolean): string | undefined {
  const notice = ownEntry(NOTICES, done)?.replace(NEXT_DIGESTS, receiving ? NEXT_DIGESTS : FOR_THE_OTHERS);
  if ((done === 'rated' || done === 'rated-unliked') && stored.current === null) return undefined;
  if ((done === 'undone' || done === 'undone-relisted') && stored.current !== null) return undefined;
  if (done?.startsWith('undone-restored') && stored.current === null) return undefined;
  if (done?.endsWith('-relisted') && !stored.liked) return undefined;
  return stored.current ? notice?.replace('VERDICT', stored.current) : notice;
}

export function registerFeedbackRoutes(ctx: WebContext): void {
  const { server, app } = ctx;
  const config = perIp(ctx.options.linksPerIp);

  const target = async (request: FeedbackRequest) => {
    const verdict = verdictSchema.safeParse(request.params.verdict);
    if (!verdict.success) throw linkError('unknown');
    // A genuine link whose key was rotated (the address subscribed again) answers 410, like every other link.
    const found = await feedbackTarget(ctx.subscriptions, request.params.token);
    if (found.kind === 'other-secret') warnOtherSecret(ctx, 'feedback');
    if (found.kind !== 'found') throw linkError(found.kind);
    return { subscriber: found.subscriber, paper: found.paper, asked: verdict.data };
  };

  /** The target with how it is marked now, as the page shows it. */
  const stateOf = async ({ subscriber, paper, asked }: Awaited<ReturnType<typeof target>>) => {
    const [current, liked] = await Promise.all([currentRating(app.prisma, subscriber.id, paper.id), likesPaper(app.prisma, subscriber.id, paper.id)]);
    return { subscriber, paper, asked, current, liked };
  };

  server.get('/feedback/:token/:verdict', { config }, async (request: FeedbackRequest, reply) => {
    const state = await stateOf(await target(request));
    if (wantsJson(request)) return reply.header('cache-control', 'no-store').send({ paperId: state.paper.id, title: state.paper.title, verdict: state.current });
    return page(ctx, request, reply, state);
  });

  server.post('/feedback/:token/:verdict', { config, preValidation: csrfOrFormAgain(server) }, async (request: FeedbackRequest, reply) => {
    const found = await target(request);
    // An expired page (or a blocked cookie) records nothing, and says so on the same page, whose
    // fresh form takes the tap again. An error page used to say "Reload the page and send the form
    // again", which only sent the refused form once more, and its one button led to the subscribe page.
    if (csrfRefused(request)) return page(ctx, request, reply, await stateOf(found), EXPIRED_TAP_PROBLEM);
    const { subscriber, paper, asked } = found;
    const body = bodySchema.safeParse(request.body ?? {});
    if (!body.success) throw new UserError('Choose more like this, less like this, or undo.', 400, 'invalid_action');
    const action = body.data.action;
    const { unliked, relisted, restored } = await giveVerdict(ctx.subscriptions, { subscriberId: subscriber.id, paperId: paper.id }, action, 'web');
    if (wantsJson(request)) return reply.send({ paperId: paper.id, verdict: action === 'undo' ? restored : action, ...(unliked ? { unliked } : {}), ...(relisted ? { relisted } : {}) });
    // Post/redirect/get, to the page for what is now true (so its buttons offer the way back).
    const verdict = action === 'undo' ? (restored ?? asked) : action;
    const undone = restored ? 'undone-restored' : 'undone';
    const done = action === 'undo' ? (relisted ? `${undone}-relisted` : undone) : unliked ? 'rated-unliked' : 'rated';
    return reply.redirect(`/feedback/${encodeURIComponent(request.params.token)}/${verdict}?done=${done}`, 303);
  });
}

const NEXT_DIGESTS = 'your next digests take it into account';
/** A reader who is paused, unsubscribed or stopped gets no next digest: it counts when they come again. */
const FOR_THE_OTHERS = 'it is kept, and counts once your digests come again';

function page(
  ctx: WebContext,
  request: FeedbackRequest,
  reply: FastifyReply,
  state: { subscriber: { linkKey: string; status: string }; paper: { title: string }; asked: 'more' | 'less'; current: 'more' | 'less' | null; liked: boolean },
  problem?: string,
) {
  const receiving = state.subscriber.status === 'active';
  const notice = problem ? undefined : noticeFor(request.query.done, state, receiving);
  return sendPage(reply, ctx.pages, 'feedback', {
    title: state.asked === 'more' ? 'More like this' : 'Less like this',
    problems: problem ? [problem] : undefined,
    paperTitle: state.paper.title,
    asked: state.asked,
    askedMore: state.asked === 'more',
    current: state.current,
    currentMore: state.current === 'more',
    // The link of the other verdict, opened on a paper already marked: the page must not read as if
    // this tap had been recorded ("Noted"), so it says how it is marked and offers the change.
    markedOtherWay: state.current !== null && state.current !== state.asked,
    notice,
    // Told before the tap, not only after it: "less" takes a paper they named off that list.
    likedAskedLess: state.liked && state.asked === 'less' && state.current === null,
    // Just undone: the page must not go on to promise, under "Undone", what the mark would do.
    undone: notice !== undefined && (request.query.done === 'undone' || request.query.done === 'undone-relisted'),
    // A paper the reader likes still counts after an undo (as liked): "It counts neither way now" was untrue of it.
    liked: state.liked,
    // "Your next digests…" is only true of a reader who gets digests: the others are told when it counts.
    receiving,
    paused: state.subscriber.status === 'paused',
    unsubscribed: state.subscriber.status === 'unsubscribed',
    suspended: state.subscriber.status === 'suspended',
    csrfToken: reply.generateCsrf(),
    action: `/feedback/${encodeURIComponent(request.params.token)}/${state.asked}`,
    preferencesUrl: ctx.app.links.forSubscriber(state.subscriber.linkKey).preferences,
  }, problem ? 403 : 200);
}
