-- arXiv's versions of a paper. "arxivVersion" is the highest version arXiv has listed for it
-- (2401.01234v3 is 3): a later version replaces the title and abstract, a re-read of the same or an
-- older one changes neither (corpus/merge.ts). "withdrawnAt" is set when that latest version is a
-- withdrawal (arXiv's comment or a notice in place of the abstract; corpus/withdrawal.ts), dated
-- by arXiv's <updated>: such a paper is never a candidate, nor shown in a preview or web view.
-- Papers stored before this migration have neither until arXiv lists them again.

-- AlterTable
ALTER TABLE "Paper" ADD COLUMN "arxivVersion" INTEGER,
ADD COLUMN "withdrawnAt" TIMESTAMP(3);
