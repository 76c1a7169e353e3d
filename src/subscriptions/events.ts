import type { Prisma } from '../db/index.js';

export type EventType =
  | 'subscribed'
  | 'confirmation_sent'
  | 'confirmed'
  | 'preferences_changed'
  | 'paused'
  | 'resumed'
  | 'unsubscribed'
  | 'suspended'
  | 'imported'
  /** An unsubscribed address came back through its manage link (no new confirmation needed). */
  | 'resubscribed'
  /** An already subscribed address asked to subscribe again: it was mailed its manage link. */
  | 'manage_link_sent'
  /** "More / less like this" on a paper, and taking it back (subscriptions/feedback.ts). */
  | 'rated'
  | 'rating_undone'
  | 'liked_papers_added'
  | 'liked_paper_removed'
  /** Rows that were the same mailbox in another case were merged into this one (a migration). */
  | 'merged';

/** Where a change came from: the web form, the CLI, a one-click header, an SMTP bounce... */
export type EventSource = 'web' | 'cli' | 'csv' | 'one-click' | 'mailto' | 'bounce' | 'system';

type Tx = Prisma.TransactionClient;

export async function recordEvent(
  tx: Tx,
  subscriberId: number,
  type: EventType,
  source: EventSource,
  detail?: Prisma.InputJsonValue,
  /** When it happened, if not now: an imported list's own date for it. */
  at?: Date,
): Promise<void> {
  await tx.subscriptionEvent.create({ data: { subscriberId, type, source, detail, ...(at ? { at } : {}) } });
}
