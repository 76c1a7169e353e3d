export { createScheduler, nextRunOf, claimSlot, recordJobRun, SCHEDULE_TIME_ZONE, type Job, type Scheduler } from './scheduler.js';
