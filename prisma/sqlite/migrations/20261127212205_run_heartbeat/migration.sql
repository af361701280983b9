-- AlterTable
ALTER TABLE "Run" ADD COLUMN "heartbeatAt" DATETIME;
ALTER TABLE "Run" ADD COLUMN "instanceId" TEXT;

