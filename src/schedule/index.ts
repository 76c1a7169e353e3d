export { createScheduler, nextRunOf, claimSlot, recordJobRun, SCHEDULE_TIME_ZONE, type Job, type Scheduler, type SchedulerDeps } from './scheduler.js';
export { recordJobHistory, lastJobRuns, countsOf, RUNS_KEPT, type JobRunOutcome, type JobRunView } from './job-history.js';
