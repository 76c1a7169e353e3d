export { createScheduler, nextRunAfter, nextRunOf, claimSlot, recordJobRun, SCHEDULE_TIME_ZONE, type Job, type Scheduler, type SchedulerDeps } from './scheduler.js';
export { recordJobStart, recordJobEnd, lastJobRuns, runsWithoutEnd, countsOf, RUNS_KEPT, type JobRunStart, type JobRunEnd, type JobRunView, type RunWithoutEnd } from './job-history.js';
