// The web view of a digest that was mailed: the same DigestView the delivery worker rendered,
// rebuilt from the delivery's stored content (so it shows exactly the papers that were sent).
import { loadPapers } from '../corpus/index.js';
import type { PrismaClient } from '../db/index.js';
import { findDelivered, InvalidContentError, type DeliveredDigest } from '../delivery/index.js';
import { composeDelivered, editionDayOf, type DigestView } from '../digest/index.js';
import { isUnderCurrentKey, type LinkBuilder } from '../subscriptions/index.js';

export interface DigestViewDeps {
  prisma: PrismaClient;
  links: LinkBuilder;
  postalAddress: string;
}

export type DigestViewLookup =
  | { kind: 'view'; view: DigestView }
  /** No delivery has this web token, or it has no papers (never built, or skipped). */
  | { kind: 'missing' }
  /** Mailed under a link key the subscriber has since replaced (they subscribed again). */
  | { kind: 'revoked' };

// Web tokens are random base64url (delivery/plan.ts); anything else is refused before a query, so
// that bytes PostgreSQL cannot hold in text (NUL) never reach it.
const WEB_TOKEN_SHAPE = /^[A-Za-z0-9_-]{1,64}$/;

export async function loadDigestView(deps: DigestViewDeps, webToken: string): Promise<DigestViewLookup> {
  if (!WEB_TOKEN_SHAPE.test(webToken)) return { kind: 'missing' };
  const delivery = await findDeliveredDigest(deps.prisma, webToken);
  if (!delivery || delivery.papers.length === 0) return { kind: 'missing' };
  const { subscriber } = delivery;
  if (!isUnderCurrentKey(delivery.id, subscriber)) return { kind: 'revoked' };
  const links = deps.links.forSubscriber(subscriber.linkKey);
  const view = composeDelivered({
    edition: editionDayOf(delivery.edition.key, delivery.edition.date),
    // The zone the email was made for: a reader who has moved since sees the dates it showed.
    timeZone: delivery.timeZone,
    topics: delivery.topics,
    likedPapers: subscriber.likedPapers,
    // The reader's size now: the stored content does not keep the one it was built with.
    places: subscriber.digestSize,
    chosen: delivery.papers,
    records: await loadPapers(deps.prisma, delivery.papers.map((row) => row.paperId)),
    // The one difference from the mailed digest: no "view in browser" link on the browser view itself.
    links: { preferences: links.preferences, unsubscribe: links.unsubscribe, webView: null },
    feedbackLinks: (paperId) => deps.links.feedback(subscriber.feedbackKey, paperId),
    // The day it was made, not the day it is read: the same dates as the email.
    plannedAt: delivery.plannedAt,
    subscribedAt: subscriber.confirmedAt,
    publicUrl: deps.links.publicUrl,
    postalAddress: deps.postalAddress,
  });
  return { kind: 'view', view };
}

async function findDeliveredDigest(prisma: PrismaClient, webToken: string): Promise<DeliveredDigest | null> {
  try {
    return await findDelivered(prisma, webToken);
  } catch (error) {
    // The send worker fails a delivery whose stored content is not valid instead of mailing it,
    // so there is no mailed digest to show: as missing as one never built.
    if (error instanceof InvalidContentError) return null;
    throw error;
  }
}
