-- A delivery's content becomes one row (the papers as a JSON array in rank order) instead of
-- one row per paper: the per-paper rows, their keys and their foreign-key checks were most of
-- the database's work in a send run. Which papers went to whom stays in "SentPaper".

-- CreateTable
CREATE TABLE "DeliveryContent" (
    "deliveryId" INTEGER NOT NULL,
    "papers" JSONB NOT NULL,

    CONSTRAINT "DeliveryContent_pkey" PRIMARY KEY ("deliveryId")
);

-- AddForeignKey
ALTER TABLE "DeliveryContent" ADD CONSTRAINT "DeliveryContent_deliveryId_fkey" FOREIGN KEY ("deliveryId") REFERENCES "Delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing deliveries keep what they were built with (their web views and retries stay the same).
INSERT INTO "DeliveryContent" ("deliveryId", "papers")
SELECT "deliveryId",
       jsonb_agg(jsonb_build_object('paperId', "paperId", 'score', "score", 'reasons', "reasons", 'trending', "trending") ORDER BY "rank")
FROM "DeliveryPaper"
GROUP BY "deliveryId";

-- DropTable
DROP TABLE "DeliveryPaper";
