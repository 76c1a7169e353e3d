-- A digest keeps the topics it was built for, so that its web view and a retry name the same
-- topics as the email ("Your topics", "No papers today on …", the subject), not whatever the
-- reader follows by the time they open it. Digests built before this keep the topics their
-- readers follow now: that is what their web view showed until here.

-- AlterTable
ALTER TABLE "DeliveryContent" ADD COLUMN "topics" TEXT[] DEFAULT ARRAY[]::TEXT[];

UPDATE "DeliveryContent" c
SET "topics" = ARRAY(
  SELECT i.label FROM "Interest" i JOIN "Delivery" d ON d."subscriberId" = i."subscriberId"
  WHERE d.id = c."deliveryId" ORDER BY i.id
);
