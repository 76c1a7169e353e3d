// Operations: the job history, the /admin report and view, and the /metrics registry.
export { recordJobHistory, lastJobRuns, countsOf, RUNS_KEPT, type JobRunOutcome, type JobRunView } from './job-history.js';
export { adminReport, type AdminReport } from './admin-report.js';
export { adminView, JOBS } from './admin-view.js';
export { createMetrics, type Metrics } from './metrics.js';
