// Links that do not (or no longer) work. Each is a UserError with a title, so the error handler
// shows a friendly page (or JSON) with the way forward: never a 5xx, never a hint whose link it was.
import { lookupLink, type ManagedSubscriber } from '../../subscriptions/index.js';
import type { TokenPurpose } from '../../subscriptions/index.js';
import type { WebContext } from '../context.js';
import { LinkError } from '../errors.js';

export type LinkProblem = 'unknown' | 'expired' | 'ended' | 'revoked' | 'other-secret' | 'digest' | 'digest-revoked';

// What every "replaced" page says: why older links stop, and how to get a working one.
const FRESH_LINK =
  'Use the link in the most recent email from us. No email at hand? Enter your address on the subscribe page: if you are subscribed, we email you a fresh link to your preferences; if not, a new confirmation link.';

const PROBLEMS: Record<LinkProblem, { status: number; code: string; title: string; message: string }> = {
  unknown: {
    status: 404,
    code: 'unknown_link',
    title: "This link doesn't work",
    message: 'It may have been copied only in part. Use the link in the most recent email from us, or subscribe again.',
  },
  expired: {
    status: 410,
    code: 'expired_link',
    title: 'This confirmation link has expired',
    message: 'Confirmation links work for a few days only. Subscribe again and we will send you a fresh one.',
  },
  ended: {
    status: 410,
    code: 'ended_link',
    title: 'This confirmation link is no longer valid',
    message: 'The subscription it was for has ended since. If you want digests again, subscribe again.',
  },
  // A signed link whose key no subscriber holds: the address subscribed again (a new key), it was
  // erased with everything kept about it, or the list was restored into a new database (an import
  // keeps a reader's link key but gives them a new feedback key: a feedback link names a paper by the
  // old database's id). Nothing remains to tell them apart, so the page names them all:
  // "replaced" alone told a reader who had asked to be erased that their subscription lived on.
  revoked: {
    status: 410,
    code: 'revoked_link',
    title: 'This link no longer works',
    message: `It comes from an earlier email. When an address subscribes again, or asks for another confirmation email, every link sent before stops working, so that only the newest email can change the subscription; when an address is erased from the list, with everything kept about it, its links go with it; and when the list was moved to a new database (after a failure, or to another server), the "More like this" and "Less like this" links of the emails sent before stop working (their unsubscribe and preferences links keep working). ${FRESH_LINK}`,
  },
  // A reader's own link, signed under another APP_SECRET: the service was set up again with a new
  // one. "Copied only in part" blamed the reader; only the operator can bring these links back. A
  // link whose signature was altered or cut reads the same (nothing tells them apart), so the page
  // says that too, after the likelier cause.
  'other-secret': {
    status: 410,
    code: 'resigned_link',
    title: 'This link no longer works',
    message: `It comes from an email sent before this service was set up again (moved to a new server, or given a new secret key), which stopped the links of every earlier email. If other links from our emails fail too, tell the people who run it: with the key those emails were signed with, they all work again. (A link altered by hand, or cut at its end, fails the same way: if you copied it, copy the whole link from the email again.) ${FRESH_LINK}`,
  },
  digest: {
    status: 404,
    code: 'unknown_digest',
    title: 'Digest not found',
    message: 'There is no digest at this address: the link may have been copied only in part, the digest was deleted with the address it was sent to, or it was mailed before the list moved to a new database, which keeps no copy of earlier digests. Copy the whole link from the email, or read the digest in your inbox.',
  },
  'digest-revoked': {
    status: 410,
    code: 'revoked_digest',
    title: 'This digest link has been replaced',
    message: `This digest was mailed to an earlier subscription of this address, whose links stopped working when the address subscribed again. ${FRESH_LINK}`,
  },
};

export function linkError(problem: LinkProblem): LinkError {
  const p = PROBLEMS[problem];
  return new LinkError(p.title, p.message, p.status, p.code);
}

/** The subscriber a link from an email names; a link that does not (or no longer) work throws its page. */
export async function subscriberFromLink(ctx: WebContext, token: string, purpose: TokenPurpose): Promise<ManagedSubscriber> {
  const { app } = ctx;
  const found = await lookupLink(app.prisma, app.signer, token, purpose, app.clock.now());
  if (found.kind === 'other-secret') warnOtherSecret(ctx, purpose);
  if (found.kind !== 'found') throw linkError(found.kind);
  return found.subscriber;
}

/**
 * Told to the operator at each such link: readers see a 410 and may never say so. Only a reader's
 * real key makes one (a random forgery names no key of the list), so these are readers' clicks;
 * one who edits their own link by hand makes one too, which nothing can tell apart.
 */
export function warnOtherSecret(ctx: WebContext, purpose: TokenPurpose): void {
  ctx.app.log.warn(
    { link: purpose },
    "a reader's link failed its signature: APP_SECRET is not the secret their emails were signed with (or the link was altered by hand). If the service moved (a new server, embedded to PostgreSQL), set APP_SECRET to the old one (an embedded install keeps it in DATA_DIR/app-secret): every link mailed before works again",
  );
}
