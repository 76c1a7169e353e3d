// Editions on the calendar: which edition a subscriber's schedule is on at a moment, when it is
// due, and which missed one is still owed. Used by planning (delivery), `status` and the
// subscription forms; pure functions of the schedule and an instant, no I/O.
export {
  editionFor,
  editionOfKey,
  EDITION_KEY,
  isDue,
  previousEdition,
  dueStamp,
  localStamp,
  dueEdition,
  editionNow,
  waitsForNextWeek,
  otherFrequencyDay,
  nextDueAt,
  type ScheduleFields,
  type EditionRef,
  type CatchUpFacts,
} from './edition.js';
