// The web view of a digest that was mailed: the same DigestView the delivery worker rendered,
// rebuilt from the stored DeliveryPaper rows (so it shows exactly the papers that were sent).
// NOTE: src/delivery/worker.ts builds the same view inline (its owner is editing it); this mirrors
// that code from the shared pieces (composeDigest, toDigestPaper, subscriberLinks). Moving both
// onto one function in src/digest/ is a follow-up for when worker.ts is free to change.
import type { PrismaClient } from '../db/index.js';
import { composeDigest, toDigestPaper } from '../digest/compose.js';
import type { DigestView, MatchReason } from '../digest/types.js';
import { subscriberLinks } from '../subscriptions/links.js';
import type { TokenSigner } from '../subscriptions/tokens.js';

export interface DigestViewDeps {
  prisma: PrismaClient;
  signer: TokenSigner;
  publicUrl: string;
  mailFrom: string;
  postalAddress: string;
}

/** null when no delivery has this web token, or it has no papers (never built, or skipped). */
export async function loadDigestView(deps: DigestViewDeps, webToken: string): Promise<DigestView | null> {
  if (webToken.length > 64) return null;
  const delivery = await deps.prisma.delivery.findUnique({
    where: { webToken },
    include: {
      edition: true,
      subscriber: { include: { interests: { orderBy: { id: 'asc' } } } },
      papers: { include: { paper: true }, orderBy: { rank: 'asc' } },
    },
  });
  if (!delivery || delivery.papers.length === 0) return null;
  const toView = (row: (typeof delivery.papers)[number]) => toDigestPaper(row.paper, row.reasons as unknown as MatchReason[], row.score);
  const links = subscriberLinks(deps.publicUrl, deps.signer, delivery.subscriber.linkKey, deps.mailFrom);
  return composeDigest({
    date: delivery.edition.date,
    timeZone: delivery.subscriber.timeZone,
    topics: delivery.subscriber.interests.map((interest) => interest.label),
    papers: delivery.papers.filter((row) => !row.trending).map(toView),
    trending: delivery.papers.filter((row) => row.trending).map(toView),
    // The one difference from the mailed digest: no "view in browser" link on the browser view itself.
    links: { preferences: links.preferences, unsubscribe: links.unsubscribe, webView: null },
    subscribedAt: delivery.subscriber.confirmedAt,
    publicUrl: deps.publicUrl,
    postalAddress: deps.postalAddress,
  });
}
