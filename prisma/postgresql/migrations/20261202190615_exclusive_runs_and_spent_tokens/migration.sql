-- AlterTable
ALTER TABLE "Run" ADD COLUMN     "exclusiveKey" TEXT;

-- CreateTable
CREATE TABLE "SpentToken" (
    "id" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpentToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SpentToken_expiresAt_idx" ON "SpentToken"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Run_exclusiveKey_key" ON "Run"("exclusiveKey");

