export { createMailer, smtpPoolOptions, MESSAGE_DEFAULTS, type Mailer, type OutgoingMessage, type SendResult } from './mailer.js';
export {
  runSend,
  notDueOf,
  alreadyHadOf,
  sendDigests,
  retryFailed,
  drain,
  summarize,
  EmptyCorpusError,
  DEFAULT_MAX_WAIT_MS,
  inFlightLimit,
  type SendSummary,
  type SendReport,
  type SendOptions,
  type DrainSettings,
  type WaitingForRetries,
  type OutageCut,
  type RetryReport,
} from './run.js';
export { latestEditions, type EditionStatus } from './store/index.js';
export { upcomingDigests, type UpcomingDigests } from './upcoming.js';
export { acceptedUnrecorded, journalDirOf } from './acceptance-journal.js';
export { isDeadLocalClaimant } from './claimant.js';
export { logProgress } from './progress.js';
export { DEFAULT_CLAIM_TIMEOUT_MS } from './claim.js';
export { checkOutageBound } from './outage-bound.js';
export { DEFAULT_RETRY, describeFailure, type RetryPolicy } from './failures.js';
export type { DeliveryDeps } from './deps.js';
export { createMailNotifier, type MailNotifierDeps } from './notices.js';
export { parseStoredContent, storedContentSchema, InvalidContentError } from './content.js';
export { findDelivered, type DeliveredDigest } from './store/index.js';
export { editionHistoryOf } from './edition-history.js';
export { TRANSITIONS, DELIVERY_STATUSES, FINISHED_STATUSES, FAILURE_STATUSES, type DeliveryStatus, type FinishedStatus } from './status.js';
