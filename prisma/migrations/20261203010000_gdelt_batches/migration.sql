-- The GDELT follower's ledger (src/follow/batches.ts): one row per GKG batch it has tried, keyed
-- by the batch's 14-digit timestamp. A batch is 'importing' from the moment its import starts until
-- it is 'done', so a row left 'importing' by a crash is imported again on restart (imports are
-- idempotent). A 'failed' batch (size or MD5 unlike the listing, a download that kept failing) was
-- never imported; it is tried again from "next_attempt_at" on, with the listing read afresh.
CREATE TYPE "GdeltBatchStatus" AS ENUM ('IMPORTING', 'DONE', 'FAILED');

CREATE TABLE "gdelt_batch" (
  "batch"           TEXT PRIMARY KEY,
  "url"             TEXT NOT NULL,
  "size"            BIGINT NOT NULL,
  "md5"             TEXT NOT NULL,
  "status"          "GdeltBatchStatus" NOT NULL,
  "attempts"        INTEGER NOT NULL DEFAULT 0,
  "reason"          TEXT,
  "inserted"        INTEGER NOT NULL DEFAULT 0,
  "updated"         INTEGER NOT NULL DEFAULT 0,
  "unchanged"       INTEGER NOT NULL DEFAULT 0,
  "rejected"        INTEGER NOT NULL DEFAULT 0,
  "next_attempt_at" TIMESTAMPTZ(3),
  "started_at"      TIMESTAMPTZ(3),
  "finished_at"     TIMESTAMPTZ(3),
  "updated_at"      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- "the last done batch" and "what is pending" are the follower's two questions every cycle.
CREATE INDEX "gdelt_batch_status_batch_idx" ON "gdelt_batch" ("status", "batch");
