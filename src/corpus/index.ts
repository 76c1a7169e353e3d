export { ingestFiles, ingestPage, listPageFiles, type IngestSummary, type IngestReport, type PaperInput } from './ingest.js';
export { parsePage, normaliseTitle, type ParsedEntry, type ParsedPage } from './parse.js';
export { hasPapers, loadPapers, type PaperRecord } from './records.js';
export { ARXIV_DELAY_MS, ARXIV_RECENT_DAYS, ArxivError, createPacer, fetchArxivDay, fetchRecentArxiv, recentArxivDays } from './arxiv.js';
export type { ArxivResult } from './arxiv.js';
export { ARXIV_TIMEOUT_MS, FEED_TIMEOUT_MS } from './http.js';
export { FEED_RECENT_DAYS, FeedError, type FeedResult, fetchFeed, fetchRecentFeed, recentFeedDays } from './feed.js';
export { ARXIV_LOOKUP_TIMEOUT_MS, createArxivLookup, type ArxivLookup, type ArxivPaper, type LookupAnswer } from './arxiv-lookup.js';
export { ARXIV_RECHECK_BATCH, recheckArxiv, recheckArxivWindow, unansweredError, type RecheckReport } from './arxiv-recheck.js';
