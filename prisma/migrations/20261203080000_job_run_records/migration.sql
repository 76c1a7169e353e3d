-- A short history of scheduled job runs (send, ingest, fetch) with their outcome and counts,
-- shown on /admin. "JobRun" keeps its one row per job for elections and metrics.

-- CreateTable
CREATE TABLE "JobRunRecord" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "error" TEXT,
    "counts" JSONB,

    CONSTRAINT "JobRunRecord_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JobRunRecord_name_id_idx" ON "JobRunRecord"("name", "id");
