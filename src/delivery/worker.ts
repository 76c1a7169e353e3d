// Step 3: a claimed delivery is built (once), rendered and handed to the mailer. Its row is marked
// sent only after the SMTP server accepted the message; every outcome is recorded on the row.
import { composeDigest, toDigestPaper } from '../digest/compose.js';
import type { Matcher } from '../matching/index.js';
import type { MatchReason } from '../digest/types.js';
import { maskEmail } from '../shared/logger.js';
import { listUnsubscribeHeaders, subscriberLinks } from '../subscriptions/links.js';
import { buildDeliveryContent } from './build.js';
import type { DeliveryDeps } from './deps.js';
import { classifyFailure, describeFailure, MAX_ATTEMPTS, retryDelayMs } from './failures.js';

export type DeliveryOutcome = 'sent' | 'skipped' | 'retry' | 'failed' | 'bounced' | 'lost-claim';

/** After this many hard bounces in a row a subscriber is suspended. */
export const HARD_BOUNCE_LIMIT = 3;

export async function processDelivery(deps: DeliveryDeps, matcher: Matcher, deliveryId: number): Promise<DeliveryOutcome> {
  const { prisma } = deps;
  const delivery = await loadDelivery(deps, deliveryId);
  if (!delivery) return 'lost-claim';
  const topics = delivery.subscriber.interests.map((interest) => interest.label);
  let papers = delivery.papers;
  if (papers.length === 0) {
    const count = await buildDeliveryContent(prisma, matcher, {
      deliveryId,
      subscriberId: delivery.subscriberId,
      digestSize: delivery.subscriber.digestSize,
      topics,
    });
    if (count === 0) {
      return finish(deps, deliveryId, { status: 'skipped', skipReason: 'nothing new matched the topics' }, 'skipped');
    }
    papers = (await loadDelivery(deps, deliveryId))?.papers ?? [];
  }
  const links = subscriberLinks(deps.publicUrl, deps.signer, delivery.subscriber.linkKey, deps.mailFrom);
  const view = composeDigest({
    date: delivery.edition.date,
    timeZone: delivery.subscriber.timeZone,
    topics,
    papers: papers.filter((row) => !row.trending).map(toView),
    trending: papers.filter((row) => row.trending).map(toView),
    links: { preferences: links.preferences, unsubscribe: links.unsubscribe, webView: `${deps.publicUrl}/digest/${delivery.webToken}` },
    subscribedAt: delivery.subscriber.confirmedAt,
    publicUrl: deps.publicUrl,
    postalAddress: deps.postalAddress,
  });
  const email = deps.renderer.digest(view);
  try {
    const result = await deps.mailer.send({
      to: delivery.subscriber.email,
      subject: email.subject,
      html: email.html,
      text: email.text,
      messageId: delivery.messageId,
      headers: listUnsubscribeHeaders(links),
    });
    const outcome = await finish(
      deps,
      deliveryId,
      { status: 'sent', sentAt: deps.clock.now(), smtpResponse: result.response, subject: email.subject, lastError: null },
      'sent',
    );
    // Hard bounces count in a row: an accepted message resets the count.
    if (outcome === 'sent' && delivery.subscriber.hardBounces > 0) {
      await prisma.subscriber.update({ where: { id: delivery.subscriberId }, data: { hardBounces: 0 } });
    }
    return outcome;
  } catch (error) {
    return recordFailure(deps, delivery, error);
  }
}

const toView = (row: LoadedDelivery['papers'][number]) => toDigestPaper(row.paper, row.reasons as unknown as MatchReason[], row.score);

async function loadDelivery(deps: DeliveryDeps, deliveryId: number) {
  return deps.prisma.delivery.findFirst({
    where: { id: deliveryId, status: 'sending', claimedBy: deps.instanceId },
    include: {
      edition: true,
      subscriber: { include: { interests: { orderBy: { id: 'asc' } } } },
      papers: { include: { paper: true }, orderBy: { rank: 'asc' } },
    },
  });
}

type LoadedDelivery = NonNullable<Awaited<ReturnType<typeof loadDelivery>>>;

async function recordFailure(deps: DeliveryDeps, delivery: LoadedDelivery, error: unknown): Promise<DeliveryOutcome> {
  const reason = describeFailure(error);
  const who = maskEmail(delivery.subscriber.email);
  if (classifyFailure(error) === 'permanent') {
    deps.log.warn({ deliveryId: delivery.id, to: who, reason }, 'permanent failure: not retried');
    const outcome = await finish(deps, delivery.id, { status: 'bounced', lastError: reason }, 'bounced');
    await noteHardBounce(deps, delivery.subscriberId);
    return outcome;
  }
  if (delivery.attempts >= MAX_ATTEMPTS) {
    deps.log.error({ deliveryId: delivery.id, to: who, reason, attempts: delivery.attempts }, 'gave up after repeated temporary failures');
    return finish(deps, delivery.id, { status: 'failed', lastError: reason }, 'failed');
  }
  const nextAttemptAt = new Date(deps.clock.now().getTime() + retryDelayMs(delivery.attempts));
  deps.log.info({ deliveryId: delivery.id, to: who, reason, nextAttemptAt }, 'temporary failure: will retry');
  return finish(deps, delivery.id, { status: 'pending', lastError: reason, nextAttemptAt }, 'retry');
}

async function noteHardBounce(deps: DeliveryDeps, subscriberId: number): Promise<void> {
  const subscriber = await deps.prisma.subscriber.update({
    where: { id: subscriberId },
    data: { hardBounces: { increment: 1 } },
    select: { hardBounces: true, status: true },
  });
  if (subscriber.hardBounces >= HARD_BOUNCE_LIMIT && subscriber.status === 'active') {
    await deps.prisma.$transaction([
      deps.prisma.subscriber.update({ where: { id: subscriberId }, data: { status: 'suspended' } }),
      deps.prisma.subscriptionEvent.create({
        data: { subscriberId, type: 'suspended', source: 'bounce', detail: { hardBounces: subscriber.hardBounces } },
      }),
    ]);
  }
}

/** Records the outcome only if this process still holds the claim. */
async function finish(
  deps: DeliveryDeps,
  deliveryId: number,
  data: Record<string, unknown>,
  outcome: DeliveryOutcome,
): Promise<DeliveryOutcome> {
  const { count } = await deps.prisma.delivery.updateMany({
    where: { id: deliveryId, status: 'sending', claimedBy: deps.instanceId },
    data: { ...data, claimedBy: null },
  });
  return count === 1 ? outcome : 'lost-claim';
}
