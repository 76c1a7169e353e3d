-- A mark changed ("more", then "less like this") and then undone went back to no mark at all: the
-- reader's "more" was lost with the slip. The rating now keeps the verdict it replaced, so that
-- undo puts it back; NULL when the mark replaced none (or was itself put back).
ALTER TABLE "Rating" ADD COLUMN "previousVerdict" "RatingVerdict";
