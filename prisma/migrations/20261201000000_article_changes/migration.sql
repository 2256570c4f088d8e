-- A change sequence for live delivery: every article insert or update gets the next value, in
-- commit order (the writer assigns it last, under a transaction-level advisory lock), so
-- subscriptions can resume after any change they saw ("after: <cursor>") and miss nothing.
CREATE SEQUENCE "article_change_seq";

ALTER TABLE "article" ADD COLUMN "change_seq" BIGINT;

UPDATE "article" a SET "change_seq" = s.seq
FROM (SELECT "id", nextval('article_change_seq') AS seq FROM (SELECT "id" FROM "article" ORDER BY "id") o) s
WHERE a."id" = s."id";

CREATE UNIQUE INDEX "article_change_seq_key" ON "article"("change_seq");
