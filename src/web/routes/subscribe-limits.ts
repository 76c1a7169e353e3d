// The two budgets of POST /subscribe. They exist to bound the emails it sends: per client IP (one
// machine mailing confirmations to many addresses) and per mailbox (anyone filling one inbox).
// Checked only once a submission is valid, so a form refused for what was typed (a mistyped
// address, an expired form) uses up neither: a person who corrects it a few times is not locked
// out. The IP's is counted before the liked papers are looked up (a lookup may ask arXiv), the
// address's once they are found, right before anything is stored or mailed: a list of liked papers
// corrected three times locked the address out for an hour, "sent several emails" though none was.
// Each is counted before what it bounds is done (no peeking, which concurrent requests would all
// pass), so no email, nor liked-paper lookup, goes out beyond the budgets.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UserError } from '../../shared/errors.js';
import { plural } from '../../shared/wording.js';
import { mailboxKey, normaliseEmail } from '../../subscriptions/index.js';
import { tooManyFromHere } from '../errors.js';
import type { WebOptions } from '../options.js';

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

/** Returns the checks for a valid submission: each throws a 429 (with Retry-After) when its budget is spent. */
export function subscribeLimits(server: FastifyInstance, options: WebOptions) {
  // Keyed by the client IP, as the route limits are.
  const perIp = server.createRateLimit({ max: options.subscribePerIp.max, timeWindow: options.subscribePerIp.timeWindowMs });
  // Keyed by a hash of the mailbox (case-insensitive, "+tag" removed: ada+1@ and ada+2@ fill one
  // inbox), so the limiter's memory holds no addresses.
  const perAddress = server.createRateLimit({
    max: options.subscribePerAddress.max,
    timeWindow: options.subscribePerAddress.timeWindowMs,
    keyGenerator: (request: FastifyRequest) => {
      const mailbox = mailboxKey(normaliseEmail(String((request.body as { email?: unknown }).email)));
      return `subscribe-address:${createHash('sha256').update(mailbox).digest('base64url')}`;
    },
  });

  // The IP's first: a request the address's budget refuses still counts against the IP sending it.
  return {
    fromIp: (request: FastifyRequest, reply: FastifyReply) => refuseWhenSpent(perIp, request, reply, 'rate_limited', tooManyFromHere),
    toAddress: (request: FastifyRequest, reply: FastifyReply) =>
      refuseWhenSpent(perAddress, request, reply, 'too_many_for_address', (wait) =>
        `This address was sent several emails in the last hour. Check its inbox (and spam folder) for them, or try again in ${wait}.`,
      ),
  };
}

async function refuseWhenSpent(limiter: Limiter, request: FastifyRequest, reply: FastifyReply, code: string, message: (wait: string) => string): Promise<void> {
  const limit = await limiter(request);
  if (limit.isAllowed || !limit.isExceeded) return;
  reply.header('retry-after', String(limit.ttlInSeconds));
  throw new UserError(message(plural(Math.ceil(limit.ttlInSeconds / 60), 'minute')), 429, code);
}
