// The web view of a digest that was mailed: the same DigestView the delivery worker rendered,
// rebuilt from the delivery's stored content (so it shows exactly the papers that were sent).
import type { PrismaClient } from '../db/index.js';
import { composeDelivered, type ChosenPaper } from '../digest/compose.js';
import { editionDayOf } from '../digest/edition-dates.js';
import type { DigestView } from '../digest/types.js';
import { isUnderCurrentKey } from '../subscriptions/link-keys.js';
import type { LinkBuilder } from '../subscriptions/links.js';

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
  const delivery = await deps.prisma.delivery.findUnique({
    where: { webToken },
    include: { edition: true, content: true, subscriber: { include: { interests: { orderBy: { id: 'asc' } } } } },
  });
  const chosen = (delivery?.content?.papers ?? []) as unknown as ChosenPaper[];
  if (!delivery || chosen.length === 0) return { kind: 'missing' };
  if (!isUnderCurrentKey(delivery.id, delivery.subscriber)) return { kind: 'revoked' };
  const records = await deps.prisma.paper.findMany({ where: { id: { in: chosen.map((row) => row.paperId) } } });
  const links = deps.links.forSubscriber(delivery.subscriber.linkKey);
  const view = composeDelivered({
    edition: editionDayOf(delivery.edition.key, delivery.edition.date),
    timeZone: delivery.subscriber.timeZone,
    topics: delivery.subscriber.interests.map((interest) => interest.label),
    chosen,
    records: new Map(records.map((paper) => [paper.id, paper])),
    // The one difference from the mailed digest: no "view in browser" link on the browser view itself.
    links: { preferences: links.preferences, unsubscribe: links.unsubscribe, webView: null },
    feedbackLinks: (paperId) => deps.links.feedback(delivery.subscriber.linkKey, paperId),
    subscribedAt: delivery.subscriber.confirmedAt,
    publicUrl: deps.links.publicUrl,
    postalAddress: deps.postalAddress,
  });
  return { kind: 'view', view };
}
