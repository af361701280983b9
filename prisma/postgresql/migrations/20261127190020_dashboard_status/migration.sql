-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "driftAt" TIMESTAMP(3),
ADD COLUMN     "driftFindings" TEXT;

-- AlterTable
ALTER TABLE "TargetAccount" ADD COLUMN     "driftAt" TIMESTAMP(3),
ADD COLUMN     "driftFindings" TEXT,
ADD COLUMN     "lastTestCheck" TEXT,
ADD COLUMN     "lastTestFix" TEXT;

-- CreateIndex
CREATE INDEX "TargetAccount_lastTestStatus_lastTestAt_idx" ON "TargetAccount"("lastTestStatus", "lastTestAt");

-- CreateIndex
CREATE INDEX "TargetAccount_lastTestAt_idx" ON "TargetAccount"("lastTestAt");

