-- DropTable
DROP TABLE "LoginFailure";

-- CreateTable
CREATE TABLE "LoginCounter" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "LoginCounter_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "LoginCounter_windowStart_idx" ON "LoginCounter"("windowStart");

