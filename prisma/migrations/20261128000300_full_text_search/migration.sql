-- Full-text search over articles (title, body) and quotes, accent-insensitive, with GIN indexes.
-- Hand-written: Prisma's schema language cannot express text search configurations or generated
-- tsvector columns (the columns appear in schema.prisma as Unsupported("tsvector")).

-- English stemming after accent folding, so "Erdoğan" and "Erdogan" are the same lexeme.
CREATE TEXT SEARCH CONFIGURATION newsgraph_search (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION newsgraph_search
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;

ALTER TABLE "article" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector('newsgraph_search'::regconfig, coalesce("title", '')), 'A') ||
  setweight(to_tsvector('newsgraph_search'::regconfig, coalesce("body", '')), 'B')
) STORED;

ALTER TABLE "quote" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
  to_tsvector('newsgraph_search'::regconfig, coalesce("text", ''))
) STORED;

CREATE INDEX "article_search_vector_idx" ON "article" USING gin ("search_vector");
CREATE INDEX "quote_search_vector_idx" ON "quote" USING gin ("search_vector");
