-- Revocation that revokes: when a subscriber's link key is rotated (subscribing again after leaving,
-- or asking again while pending), the web views of digests mailed under the old key stop working.
-- A delivery id is compared with the first one made under the current key; 0 keeps every existing
-- web view working.
ALTER TABLE "Subscriber" ADD COLUMN "keyFirstDeliveryId" INTEGER NOT NULL DEFAULT 0;

-- One subscriber per mailbox: "Enum-Active-3@example.org" and "enum-active-3@example.org" are the
-- same person. Existing case variants are merged first into the one to keep (the most engaged
-- status, then the oldest): the others' never-resend ledger is carried over, an event on the kept
-- subscriber records which rows were merged, and the others are removed with their history.
CREATE TEMP TABLE "_merge" ON COMMIT DROP AS
SELECT id, keep FROM (
  SELECT id, first_value(id) OVER w AS keep
  FROM "Subscriber"
  WINDOW w AS (PARTITION BY lower(email)
               ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 WHEN 'pending' THEN 2 WHEN 'suspended' THEN 3 ELSE 4 END, id)
) ranked
WHERE id <> keep;

INSERT INTO "SentPaper" ("subscriberId", "paperId", "deliveryId", "at")
SELECT m.keep, s."paperId", s."deliveryId", s."at"
FROM "SentPaper" s JOIN "_merge" m ON m.id = s."subscriberId"
ON CONFLICT DO NOTHING;

INSERT INTO "SubscriptionEvent" ("subscriberId", "type", "source", "detail")
SELECT keep, 'merged', 'system', jsonb_build_object('mergedSubscriberIds', jsonb_agg(id ORDER BY id), 'reason', 'same mailbox in another case')
FROM "_merge" GROUP BY keep;

DELETE FROM "Subscriber" WHERE id IN (SELECT id FROM "_merge");

ALTER TABLE "Subscriber" ADD COLUMN "emailKey" TEXT NOT NULL GENERATED ALWAYS AS (lower(email)) STORED;
CREATE UNIQUE INDEX "Subscriber_emailKey_key" ON "Subscriber"("emailKey");
