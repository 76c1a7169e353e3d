-- Reader feedback: "more / less like this" ratings, and papers a reader likes as an interest.

-- CreateEnum
CREATE TYPE "RatingVerdict" AS ENUM ('more', 'less');

-- CreateTable
CREATE TABLE "Rating" (
    "id" SERIAL NOT NULL,
    "subscriberId" INTEGER NOT NULL,
    "paperId" INTEGER NOT NULL,
    "verdict" "RatingVerdict" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "undoneAt" TIMESTAMP(3),

    CONSTRAINT "Rating_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LikedPaper" (
    "id" SERIAL NOT NULL,
    "subscriberId" INTEGER NOT NULL,
    "paperId" INTEGER,
    "arxivId" TEXT,
    "title" TEXT NOT NULL,
    "abstract" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LikedPaper_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Rating_subscriberId_paperId_key" ON "Rating"("subscriberId", "paperId");

-- CreateIndex
CREATE INDEX "LikedPaper_subscriberId_idx" ON "LikedPaper"("subscriberId");

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Rating" ADD CONSTRAINT "Rating_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LikedPaper" ADD CONSTRAINT "LikedPaper_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LikedPaper" ADD CONSTRAINT "LikedPaper_paperId_fkey" FOREIGN KEY ("paperId") REFERENCES "Paper"("id") ON DELETE SET NULL ON UPDATE CASCADE;
