-- AlterTable
ALTER TABLE "Run" ADD COLUMN "exclusiveKey" TEXT;

-- CreateTable
CREATE TABLE "SpentToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "purpose" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "SpentToken_expiresAt_idx" ON "SpentToken"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "Run_exclusiveKey_key" ON "Run"("exclusiveKey");

