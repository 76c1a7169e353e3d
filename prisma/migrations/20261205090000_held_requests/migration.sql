-- A subscribe request for an unsubscribed or suspended address is held apart until it is confirmed,
-- so that typing someone's address on the home page changes nothing of what they chose.

-- CreateTable
CREATE TABLE "HeldRequest" (
    "subscriberId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "choices" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HeldRequest_pkey" PRIMARY KEY ("subscriberId")
);

-- CreateIndex
CREATE UNIQUE INDEX "HeldRequest_key_key" ON "HeldRequest"("key");

-- AddForeignKey
ALTER TABLE "HeldRequest" ADD CONSTRAINT "HeldRequest_subscriberId_fkey" FOREIGN KEY ("subscriberId") REFERENCES "Subscriber"("id") ON DELETE CASCADE ON UPDATE CASCADE;
