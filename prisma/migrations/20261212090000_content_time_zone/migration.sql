-- The reader's time zone when a digest was built, kept with its content as its topics are: the web
-- view, opened days later, and a retry show the dates the email showed, in the zone it was made
-- for, even after the reader has moved (a New York reader's evening digest of Thursday stayed
-- Thursday's, where it became Friday's once they switched to Tokyo). NULL for digests built before
-- this column: they are shown in the reader's current zone, as before.
ALTER TABLE "DeliveryContent" ADD COLUMN "timeZone" TEXT;
