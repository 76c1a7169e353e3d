-- A job run is written to its history when it starts, not only when it ends, so that a run killed
-- midway (kill -9, the machine gone) stays in the history after the next run of the job starts;
-- before, it was known only from the job's one JobRun row, which the next start overwrote.
-- Until it ends a run has no end and no outcome; "startedBy" names the process that runs it
-- ("instance@host:pid#space", as a delivery's claimant), so that `status` can tell a run whose
-- process is gone from one still running.
ALTER TABLE "JobRunRecord"
    ALTER COLUMN "finishedAt" DROP NOT NULL,
    ALTER COLUMN "ok" DROP NOT NULL,
    ADD COLUMN "startedBy" TEXT;
