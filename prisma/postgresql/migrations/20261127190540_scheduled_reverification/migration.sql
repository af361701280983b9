-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "scheduledAt" TIMESTAMP(3),
ADD COLUMN     "scheduledRunId" TEXT,
ADD COLUMN     "scheduledStatus" TEXT,
ADD COLUMN     "webhookLastAt" TIMESTAMP(3),
ADD COLUMN     "webhookLastStatus" TEXT,
ADD COLUMN     "webhookSecretSealed" TEXT,
ADD COLUMN     "webhookUrl" TEXT;

-- CreateTable
CREATE TABLE "ScheduleTick" (
    "id" TEXT NOT NULL,
    "scheduleId" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "trigger" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "actorId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),
    "connections" INTEGER NOT NULL DEFAULT 0,
    "accountsPassed" INTEGER NOT NULL DEFAULT 0,
    "accountsFailed" INTEGER NOT NULL DEFAULT 0,
    "driftCount" INTEGER NOT NULL DEFAULT 0,
    "summary" TEXT,

    CONSTRAINT "ScheduleTick_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ScheduleTick_startedAt_idx" ON "ScheduleTick"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleTick_scheduleId_dueAt_key" ON "ScheduleTick"("scheduleId", "dueAt");

-- AddForeignKey
ALTER TABLE "ScheduleTick" ADD CONSTRAINT "ScheduleTick_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule"("id") ON DELETE CASCADE ON UPDATE CASCADE;

