-- Revocation that revokes: when a subscriber's link key is rotated (subscribing again after leaving,
-- or asking again while pending), the web views of digests mailed under the old key stop working.
-- A delivery id is compared with the first one made under the current key; 0 keeps every existing
-- web view working.
ALTER TABLE "Subscriber" ADD COLUMN "keyFirstDeliveryId" INTEGER NOT NULL DEFAULT 0;
