-- A mention names one entity: one of its four entity columns is set, the other three are null.
-- Each of the four (entity, article) indexes held a row for every mention, nulls included, so
-- every mention written cost four entity-index entries where one is read. Every read of these
-- indexes asks for one entity (`m.person_id = $1`, or a join on it), which implies the column is
-- not null, so partial indexes serve the same plans. The bulk import writes ~16 mentions a
-- record; see docs/ingest.md.
DROP INDEX "mention_person_id_article_id_idx";
DROP INDEX "mention_organization_id_article_id_idx";
DROP INDEX "mention_place_id_article_id_idx";
DROP INDEX "mention_declaration_id_article_id_idx";
CREATE INDEX "mention_person_id_article_id_idx" ON "mention"("person_id", "article_id") WHERE "person_id" IS NOT NULL;
CREATE INDEX "mention_organization_id_article_id_idx" ON "mention"("organization_id", "article_id") WHERE "organization_id" IS NOT NULL;
CREATE INDEX "mention_place_id_article_id_idx" ON "mention"("place_id", "article_id") WHERE "place_id" IS NOT NULL;
CREATE INDEX "mention_declaration_id_article_id_idx" ON "mention"("declaration_id", "article_id") WHERE "declaration_id" IS NOT NULL;
