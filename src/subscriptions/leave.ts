// The use case behind an unsubscribe link (the page's button, or a mail client's one-click POST):
// unsubscribe once, and say goodbye the first time. The operator's unsubscribe is removal.ts.
import type { SubscriptionDeps } from './deps.js';
import type { EventSource } from './events.js';
import { changeStatus, type ManagedSubscriber } from './manage.js';
import { noticeFailureOf, sendGoodbye } from './notices.js';

export async function leave(
  deps: Pick<SubscriptionDeps, 'prisma' | 'clock' | 'links' | 'notifier'>,
  subscriber: ManagedSubscriber,
  source: EventSource,
): Promise<{ changed: boolean; noticeFailure?: unknown }> {
  const changed = await changeStatus(deps.prisma, subscriber.id, 'unsubscribe', { source, now: deps.clock.now() });
  if (!changed) return { changed };
  // The unsubscribe stands whether or not this last email goes out.
  const noticeFailure = await noticeFailureOf(() => sendGoodbye(deps, subscriber));
  return noticeFailure === undefined ? { changed } : { changed, noticeFailure };
}
