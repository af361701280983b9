-- AlterTable
ALTER TABLE "Connection" ADD COLUMN "driftAt" DATETIME;
ALTER TABLE "Connection" ADD COLUMN "driftFindings" TEXT;

-- AlterTable
ALTER TABLE "TargetAccount" ADD COLUMN "driftAt" DATETIME;
ALTER TABLE "TargetAccount" ADD COLUMN "driftFindings" TEXT;
ALTER TABLE "TargetAccount" ADD COLUMN "lastTestCheck" TEXT;
ALTER TABLE "TargetAccount" ADD COLUMN "lastTestFix" TEXT;

-- CreateIndex
CREATE INDEX "TargetAccount_lastTestStatus_lastTestAt_idx" ON "TargetAccount"("lastTestStatus", "lastTestAt");

-- CreateIndex
CREATE INDEX "TargetAccount_lastTestAt_idx" ON "TargetAccount"("lastTestAt");

