-- AlterTable
ALTER TABLE "Connection" ADD COLUMN "scheduledAt" DATETIME;
ALTER TABLE "Connection" ADD COLUMN "scheduledRunId" TEXT;
ALTER TABLE "Connection" ADD COLUMN "scheduledStatus" TEXT;
ALTER TABLE "Connection" ADD COLUMN "webhookLastAt" DATETIME;
ALTER TABLE "Connection" ADD COLUMN "webhookLastStatus" TEXT;
ALTER TABLE "Connection" ADD COLUMN "webhookSecretSealed" TEXT;
ALTER TABLE "Connection" ADD COLUMN "webhookUrl" TEXT;

-- CreateTable
CREATE TABLE "ScheduleTick" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scheduleId" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "trigger" TEXT NOT NULL,
    "instanceId" TEXT NOT NULL,
    "actorId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'running',
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    "connections" INTEGER NOT NULL DEFAULT 0,
    "accountsPassed" INTEGER NOT NULL DEFAULT 0,
    "accountsFailed" INTEGER NOT NULL DEFAULT 0,
    "driftCount" INTEGER NOT NULL DEFAULT 0,
    "summary" TEXT,
    CONSTRAINT "ScheduleTick_scheduleId_fkey" FOREIGN KEY ("scheduleId") REFERENCES "Schedule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ScheduleTick_startedAt_idx" ON "ScheduleTick"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ScheduleTick_scheduleId_dueAt_key" ON "ScheduleTick"("scheduleId", "dueAt");

