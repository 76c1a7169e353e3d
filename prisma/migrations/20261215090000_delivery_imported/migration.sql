-- A delivery recorded by `paperboy subscribe --file` from an export's `lastedition` column: the
-- reader had this edition in the database the list was exported from, and nothing was sent from
-- here. Before, such rows were plain "sent" ones, so `status`, /admin and /metrics counted them as
-- digests this service sent, dated at the import. Rows written before this column existed are known
-- by the Message-ID the import gave them.
ALTER TABLE "Delivery" ADD COLUMN "imported" BOOLEAN NOT NULL DEFAULT false;
UPDATE "Delivery" SET "imported" = true WHERE "messageId" LIKE '%.imported@paperboy.invalid>';
