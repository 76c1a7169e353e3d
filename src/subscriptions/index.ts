export { normaliseEmail, emailField, mailboxKey, subscriberKey, MAX_EMAIL_LENGTH } from './email.js';
export { topicLabelField, topicListField, requiredTopicList, resolveInterests, MAX_TOPICS, MAX_TOPIC_LENGTH } from './topics.js';
export { preferencesSchema, timeZoneField, MAX_DIGEST_SIZE, type Preferences } from './preferences.js';
export { recordEvent, type EventType, type EventSource } from './events.js';
export { subscribeConfirmed, importSubscribersCsv, operatorSubscriptionSchema, newLinkKey, NothingToFollowError, type CsvImportReport, type OperatorOutcome } from './operator.js';
export { rotatedKeyFields, isUnderCurrentKey } from './link-keys.js';
export { createTokenSigner, type TokenSigner, type TokenPurpose, type TokenClaims } from './tokens.js';
export { createLinkBuilder, mailboxOf, CONFIRM_TTL_HOURS, type LinkBuilder, type LinkSettings, type SubscriberLinks } from './links.js';
export type { SubscriberNotifier, ConfirmationNotice, WelcomeNotice, GoodbyeNotice } from './notifier.js';
export type { SubscriptionDeps } from './deps.js';
// The use cases: what the web routes and CLI commands call.
export { subscribe, addSubscriber, LikedPapersProblem, type ReaderRequest, type RequestReceipt } from './subscribe.js';
export { checkConfirmLink, confirmFromLink, type ConfirmCheck, type ConfirmResult } from './confirm.js';
export { changeSubscription, PREFERENCE_ACTIONS, type PreferenceAction, type PreferencesRequest, type ChangeResult } from './change.js';
export { leave } from './leave.js';
export { feedbackTarget, giveVerdict, changeFeedback, markPapers, UnknownPaperError, ConflictingMarksError, type FeedbackTarget, type FeedbackChange, type Mark, type MarkRecorded } from './rate.js';
export { confirmationTopics } from './notices.js';
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
export type { EditionHistory } from './sent-history.js';
export { ROSTER_CSV_HEADER, rosterCsvRow } from './roster-csv.js';
export { backupRoster, eraseFromBackups, lostListProblem, type BackupResult } from './backup.js';
export { unsubscribeByEmail, erasureScope, eraseSubscriber, type ErasureScope } from './removal.js';
export { PAPER_REF_FORMS, paperRefList } from './paper-ref.js';
export { optionalTopicListField } from './topics.js';
export { followedTopics, type FollowedTopic } from './followed.js';
export { currentRating, LastInterestError, likesPaper, listLikedPapers, listRatings, type Verdict } from './feedback.js';
export { MAX_LIKED_PAPERS, type ArxivPaperLookup } from './liked-papers.js';
