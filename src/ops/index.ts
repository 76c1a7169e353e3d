// Operations: the job history, the /admin report and view, and the /metrics registry.
export { adminReport, type AdminReport } from './admin-report.js';
export { adminView, JOBS } from './admin-view.js';
export { createMetrics, type Metrics } from './metrics.js';
export { FAILED_LEAD, failedWords, IMPORTED_LEAD, importedWords } from './edition-words.js';
export { jobsOff, journalWaiting, operatorWarnings, serviceStatus } from './service-status.js';
export type { JobState } from './service-status.js';
export { GONE, NO_END, NO_END_RECORDED, noEnd, noEndWords, unfinishedSince, type NoEnd, type UnfinishedRun } from './unfinished-run.js';
