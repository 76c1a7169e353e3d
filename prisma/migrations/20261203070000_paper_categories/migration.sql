-- arXiv categories of a paper (cs.LG, cs.CV...), from the arXiv API; empty for papers known only
-- from pages and the daily-papers feed.
ALTER TABLE "Paper" ADD COLUMN "categories" TEXT[] DEFAULT ARRAY[]::TEXT[];
