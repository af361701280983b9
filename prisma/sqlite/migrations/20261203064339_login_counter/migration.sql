-- DropTable
PRAGMA foreign_keys=off;
DROP TABLE "LoginFailure";
PRAGMA foreign_keys=on;

-- CreateTable
CREATE TABLE "LoginCounter" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "windowStart" DATETIME NOT NULL,
    "count" INTEGER NOT NULL
);

-- CreateIndex
CREATE INDEX "LoginCounter_windowStart_idx" ON "LoginCounter"("windowStart");

