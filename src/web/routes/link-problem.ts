// Links that do not (or no longer) work. Each is a UserError with a title, so the error handler
// shows a friendly page (or JSON) with the way forward: never a 5xx, never a hint whose link it was.
import { LinkError } from '../errors.js';

export type LinkProblem = 'unknown' | 'expired' | 'ended' | 'digest';

const PROBLEMS: Record<LinkProblem, { status: number; code: string; title: string; message: string }> = {
  unknown: {
    status: 404,
    code: 'unknown_link',
    title: "This link doesn't work",
    message:
      'It may have been copied only in part, or it belongs to a subscription that has since been replaced. Use the link in the most recent email from us, or subscribe again.',
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
  digest: {
    status: 404,
    code: 'unknown_digest',
    title: 'Digest not found',
    message: 'There is no digest at this address. Copy the whole link from the email, or open the digest from your inbox.',
  },
};

export function linkError(problem: LinkProblem): LinkError {
  const p = PROBLEMS[problem];
  return new LinkError(p.title, p.message, p.status, p.code);
}
