-- GDELT GKG import: article topics and tone, quote verbs, gazetteer feature ids for places, and
-- the normalized name keys entity resolution matches people and organizations on.

-- AlterTable
ALTER TABLE "place" ADD COLUMN     "feature_id" TEXT;

-- AlterTable
ALTER TABLE "quote" ADD COLUMN     "verb" TEXT;

-- CreateTable
CREATE TABLE "article_topic" (
    "article_id" INTEGER NOT NULL,
    "topic" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "article_topic_pkey" PRIMARY KEY ("article_id","topic")
);

-- CreateTable
CREATE TABLE "article_tone" (
    "article_id" INTEGER NOT NULL,
    "tone" DOUBLE PRECISION NOT NULL,
    "positive" DOUBLE PRECISION NOT NULL,
    "negative" DOUBLE PRECISION NOT NULL,
    "polarity" DOUBLE PRECISION NOT NULL,
    "activity_density" DOUBLE PRECISION NOT NULL,
    "self_group_density" DOUBLE PRECISION NOT NULL,
    "word_count" INTEGER NOT NULL,

    CONSTRAINT "article_tone_pkey" PRIMARY KEY ("article_id")
);

-- CreateIndex
CREATE INDEX "article_topic_topic_article_id_idx" ON "article_topic"("topic", "article_id");

-- CreateIndex
CREATE UNIQUE INDEX "place_feature_id_key" ON "place"("feature_id");

-- AddForeignKey
ALTER TABLE "article_topic" ADD CONSTRAINT "article_topic_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "article_tone" ADD CONSTRAINT "article_tone_article_id_fkey" FOREIGN KEY ("article_id") REFERENCES "article"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written below: Prisma's schema language cannot express functions or expression indexes.

-- The key two spellings of one name share: folded (lowercase, unaccented: "Erdoğan" = "erdogan"),
-- apostrophes and dots dropped ("O'Neill" = "ONeill", "J.K." = "JK"), any other run of
-- non-alphanumerics one space. src/ingest/names.ts computes the same key for slugs.
CREATE OR REPLACE FUNCTION newsgraph_name_key(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  BEGIN ATOMIC
    SELECT btrim(regexp_replace(regexp_replace(newsgraph_fold(input), '[''’.]', '', 'g'), '[^[:alnum:]]+', ' ', 'g'));
  END;

-- The keys of an entity's name and aliases that have at least two words: a lone surname or first
-- name ("Scott") never identifies a person, so it never resolves one.
CREATE OR REPLACE FUNCTION newsgraph_name_keys(name text, aliases text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  BEGIN ATOMIC
    SELECT coalesce(array_agg(DISTINCT k), '{}') FROM (
      SELECT newsgraph_name_key(n) AS k FROM unnest(array_prepend(name, coalesce(aliases, '{}'))) AS n
    ) keys WHERE k LIKE '% %';
  END;

CREATE INDEX "person_name_keys_idx" ON "person" USING gin (newsgraph_name_keys("name", "aliases"));
CREATE INDEX "organization_name_keys_idx" ON "organization" USING gin (newsgraph_name_keys("name", "aliases"));
