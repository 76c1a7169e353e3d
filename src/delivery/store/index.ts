// The delivery store: every statement on the delivery tables (Edition, Delivery, DeliveryContent,
// SentPaper) and the few subscriber fields a delivery's outcome moves, by name, in one place, as
// listmonk keeps its queries in queries.sql. The rest of delivery/ decides what to do and calls
// these; no other file of delivery/ (or of web/) writes SQL or calls Prisma on these tables.
// Status values come from ../status.ts, the table of transitions.
export { claimBatch, otherClaimants, releaseClaimsOf, renewClaims, readClaimed, recipientStatuses, type ClaimOptions, type ClaimedDelivery } from './claims.js';
export { endClaim, recordAccepted, recordJournaled, countJournaledOpen, releaseClaims, bounceClaim, suspendForBounces, resetHardBounces, type Acceptance, type ClaimEnd } from './outcomes.js';
export { lastEditionsHad, recordEditionHad } from './edition-history.js';
export { enterSentPapers, withdrawSentPapers, storeContents, findDelivered, type LedgerEntry, type DeliveredDigest, type StoredContent } from './content.js';
export {
  activeSubscribers,
  activeSubscribersWithLast,
  lastEditionDates,
  countFinished,
  countOpen,
  ensureEdition,
  findEditionIds,
  insertDeliveries,
  type ScheduledSubscriber,
  type SubscriberWithLast,
  type NewDelivery,
} from './planning.js';
export {
  editionsWithOpenDeliveries,
  openState,
  pendingErrors,
  countDeliveries,
  completeEditions,
  reopenEditions,
  reopenFailed,
  latestEditions,
  type OpenState,
  type EditionStatus,
} from './editions.js';
