-- "Less like this" on a paper the reader had named as liked takes it off their liked list; undoing
-- the mark lost it for good, as nothing kept what was taken off. The rating now keeps those entries
-- (title, arXiv id, abstract, when they were added) until the mark is undone or replaced; an empty
-- list otherwise (not NULL: the code writes it without Prisma's DbNull, a value import that would
-- load the database client into commands that need none).
ALTER TABLE "Rating" ADD COLUMN "unlikedPapers" JSONB NOT NULL DEFAULT '[]';
