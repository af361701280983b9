-- CreateTable
CREATE TABLE "InstallationFact" (
    "name" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InstallationFact_pkey" PRIMARY KEY ("name")
);

