export { createMatcher, TRENDING_TOPIC, type Matcher, type MatcherOptions, type Pick, type PickInput, type RankedPaper, type ScoreParts, type ChosenPaper } from './matcher.js';
export { OUTLOOK_CAP, OUTLOOK_MATCHER_AGE_MS, WARM_TOPICS, previewFor, topicOutlooks, type Preview, type PreviewPaper, type PreviewTarget, type TopicOutlook, type TopicOutlooks, type UnusedWords } from './preview.js';
export { likeWords, LIKED_BY_READER, MARKED_BY_READER, wordsBeyondTopic, type MatchReason } from './reasons.js';
export { defaultVocabulary, listCatalogue, loadVocabulary, type CatalogueEntry, type Vocabulary } from './catalogue.js';
export { syncCatalogue } from './catalogue-sync.js';
export { InterestResolver } from './interests.js';
export { defaultTopicCatalogue, splitTopicList, TopicCatalogue, type ResolvedInterest } from './topics.js';
export { BOOST, RECENT_PUBLICATION_DAYS, NEW_WINDOW_DAYS } from './weights.js';
export { trendingDaysFor } from './signals.js';
