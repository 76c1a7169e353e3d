-- A claim says until when it holds, by the database's clock: its holder sets it from its own claim
-- timeout when it claims and at every heartbeat, and another process takes the claim over only
-- once that moment has passed. Judged by each process's own clock and its own timeout, a claim
-- was taken over while its holder was still sending it (a `send --claim-timeout 5` beside a run
-- renewing every 20 s, or a machine whose clock is a minute ahead): the digest went out twice.
-- Claims held during the upgrade last the 60 s default from their last renewal.

-- AlterTable
ALTER TABLE "Delivery" ADD COLUMN "claimedUntil" TIMESTAMP(3);

UPDATE "Delivery" SET "claimedUntil" = "claimedAt" + interval '60 seconds'
WHERE status = 'sending' AND "claimedAt" IS NOT NULL;
