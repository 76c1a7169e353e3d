// A subscriber's link key: the random secret every signed link (confirm, manage, unsubscribe) is
// bound to, and their feedback key, which the feedback links are bound to (links.ts). Rotating them
// revokes every link mailed before; the web views of digests mailed before are revoked with them,
// by remembering the first delivery made under the new key.
import { randomBytes } from 'node:crypto';
import type { Prisma } from '../db/index.js';

export function newLinkKey(): string {
  return randomBytes(16).toString('base64url');
}

/** A link key as newLinkKey makes it (base64url), or a longer one. */
export const LINK_KEY = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The link key a new address is created with: `carried`, the one it had in the database the list
 * came from, unless another reader holds it here; else a new one.
 */
export async function keptLinkKey(tx: Prisma.TransactionClient, carried: string | undefined): Promise<string> {
  if (carried === undefined || !LINK_KEY.test(carried)) return newLinkKey();
  return (await tx.subscriber.findUnique({ where: { linkKey: carried }, select: { id: true } })) ? newLinkKey() : carried;
}

/** The fields that give a subscriber a fresh key, to be written in the caller's transaction. */
export async function rotatedKeyFields(tx: Prisma.TransactionClient, subscriberId: number): Promise<{ linkKey: string; feedbackKey: string; keyFirstDeliveryId: number }> {
  const { _max } = await tx.delivery.aggregate({ where: { subscriberId }, _max: { id: true } });
  return { linkKey: newLinkKey(), feedbackKey: newLinkKey(), keyFirstDeliveryId: (_max.id ?? 0) + 1 };
}

/** Whether a delivery's web view was made under the subscriber's current key. */
export function isUnderCurrentKey(deliveryId: number, subscriber: { keyFirstDeliveryId: number }): boolean {
  return deliveryId >= subscriber.keyFirstDeliveryId;
}
