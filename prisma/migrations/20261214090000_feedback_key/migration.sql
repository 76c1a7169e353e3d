-- Feedback links ("more / less like this") are bound to a key of their own, rotated with the link
-- key. An export of the list now carries each reader's link key to the database it is imported
-- into (the embedded database's recovery, a move to PostgreSQL), so that the unsubscribe and
-- preferences links of the emails they already have keep working there; a feedback link names a
-- paper by this database's id, which is another paper there, so it must not. Existing readers keep
-- their link key as feedback key: the feedback links already mailed to them keep working.
ALTER TABLE "Subscriber" ADD COLUMN "feedbackKey" TEXT;
UPDATE "Subscriber" SET "feedbackKey" = "linkKey";
ALTER TABLE "Subscriber" ALTER COLUMN "feedbackKey" SET NOT NULL;
ALTER TABLE "Subscriber" ALTER COLUMN "feedbackKey" SET DEFAULT replace(gen_random_uuid()::text, '-', '');
CREATE UNIQUE INDEX "Subscriber_feedbackKey_key" ON "Subscriber"("feedbackKey");
