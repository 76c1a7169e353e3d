-- A page that shows no date (search results) has no listing date: the day it was ingested says
-- nothing of when its papers were written, and dating them by it presented old work as news.
ALTER TABLE "CorpusPage" ALTER COLUMN "pageDate" DROP NOT NULL;
