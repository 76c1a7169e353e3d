// A subscriber's link key: the random secret every signed link (confirm, manage, unsubscribe) is
// bound to. Rotating it revokes every link mailed before; the web views of digests mailed before
// are revoked with it, by remembering the first delivery made under the new key.
import { randomBytes } from 'node:crypto';
import type { Prisma } from '../db/index.js';

export function newLinkKey(): string {
  return randomBytes(16).toString('base64url');
}

/** The fields that give a subscriber a fresh key, to be written in the caller's transaction. */
export async function rotatedKeyFields(tx: Prisma.TransactionClient, subscriberId: number): Promise<{ linkKey: string; keyFirstDeliveryId: number }> {
  const { _max } = await tx.delivery.aggregate({ where: { subscriberId }, _max: { id: true } });
  return { linkKey: newLinkKey(), keyFirstDeliveryId: (_max.id ?? 0) + 1 };
}

/** Whether a delivery's web view was made under the subscriber's current key. */
export function isUnderCurrentKey(deliveryId: number, subscriber: { keyFirstDeliveryId: number }): boolean {
  return deliveryId >= subscriber.keyFirstDeliveryId;
}
