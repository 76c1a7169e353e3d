-- `paperboy erase` removes a subscriber and everything kept about them; of their finished
-- deliveries only the counts per edition and outcome remain, so that edition counts stay true.

-- CreateTable
CREATE TABLE "ErasedDeliveries" (
    "editionId" INTEGER NOT NULL,
    "status" "DeliveryStatus" NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "ErasedDeliveries_pkey" PRIMARY KEY ("editionId","status")
);

-- AddForeignKey
ALTER TABLE "ErasedDeliveries" ADD CONSTRAINT "ErasedDeliveries_editionId_fkey" FOREIGN KEY ("editionId") REFERENCES "Edition"("id") ON DELETE CASCADE ON UPDATE CASCADE;
