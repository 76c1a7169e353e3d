-- A paper a reader was sent in another database, brought in by `paperboy subscribe --file` from an
-- export's `sent` column: the ledger keeps it from being sent again, but no delivery of this
-- database sent it, so it has none. Before, a re-imported list (the embedded database's recovery,
-- a move to PostgreSQL) started with an empty ledger and sent readers papers they already had.
ALTER TABLE "SentPaper" ALTER COLUMN "deliveryId" DROP NOT NULL;
