export { normaliseEmail, emailField, mailboxKey, MAX_EMAIL_LENGTH } from './email.js';
export { topicLabelField, topicListField, resolveInterests, MAX_TOPICS, MAX_TOPIC_LENGTH } from './topics.js';
export { preferencesSchema, timeZoneField, MAX_DIGEST_SIZE, type Preferences } from './preferences.js';
export { recordEvent, type EventType, type EventSource } from './events.js';
export { subscribeConfirmed, importSubscribersCsv, operatorSubscriptionSchema, newLinkKey, type CsvImportReport } from './operator.js';
export { rotatedKeyFields, isUnderCurrentKey } from './link-keys.js';
export { createTokenSigner, type TokenSigner, type TokenPurpose, type TokenClaims } from './tokens.js';
export { subscriberLinks, feedbackLinks, confirmLink, listUnsubscribeHeaders, mailboxOf, CONFIRM_TTL_HOURS, type SubscriberLinks } from './links.js';
export { requestSubscription, type SubscriptionRequest, type RequestOutcome } from './request.js';
export { confirmSubscription, type ConfirmOutcome } from './confirm.js';
export {
  findSubscriberByLink,
  lookupLink,
  type LinkLookup,
  loadSubscriber,
  updatePreferences,
  changeStatus,
  type ManagedSubscriber,
  type PreferencesChange,
  type StatusAction,
} from './manage.js';
export { describeSchedule, describeFirstDigest, hourLabel, weekdayName, WEEKDAY_NAMES } from './schedule.js';
export { readRoster, type RosterEntry, type RosterFilter } from './roster.js';
export { unsubscribeByEmail, erasureScope, eraseSubscriber, type ErasureScope } from './removal.js';
export { MAX_LIKED_PAPERS, addLikedPapers, currentRating, listLikedPapers, listRatings, ratePaper, removeLikedPaper, resolveLikedPapers, undoRating } from './feedback.js';
export type { Verdict } from './feedback.js';
export { findPaper, paperRefList, parsePaperRef } from './paper-ref.js';
export { optionalTopicListField } from './topics.js';
