export { createScheduler, nextRunOf, claimSlot, SCHEDULE_TIME_ZONE, type Job, type Scheduler } from './scheduler.js';
