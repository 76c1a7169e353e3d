export { rankPapers, type InterestQuery, type RankedPaper, type RankOptions } from './rank.js';
export { interestQueries } from './interests.js';
export { loadVocabulary, syncCatalogue, type Vocabulary } from './catalogue.js';
export { createMatcher, type Matcher, type Pick, type PickInput } from './matcher.js';
