-- Case- and accent-insensitive name matching ("erdogan" finds "Erdoğan"), including aliases.
-- Hand-written: Prisma's schema language cannot express extensions' functions or expression indexes.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- unaccent() is only STABLE (its dictionary could change), so index expressions need an IMMUTABLE
-- wrapper naming the dictionary explicitly. We accept the documented caveat: edit unaccent.rules and
-- these indexes must be rebuilt.
-- The bodies are SQL-standard (BEGIN ATOMIC), so names are bound now, not looked up at run time:
-- Postgres 17+ builds indexes with a search_path of pg_catalog only.
CREATE OR REPLACE FUNCTION newsgraph_fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  BEGIN ATOMIC
    SELECT lower(unaccent('unaccent'::regdictionary, input));
  END;

-- All the names of an entity, folded, one per line: what name filters search.
CREATE OR REPLACE FUNCTION newsgraph_names(name text, aliases text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  BEGIN ATOMIC
    SELECT newsgraph_fold(coalesce(name, '') || E'\n' || coalesce(array_to_string(aliases, E'\n'), ''));
  END;

CREATE INDEX "person_names_trgm_idx" ON "person" USING gin (newsgraph_names("name", "aliases") gin_trgm_ops);
CREATE INDEX "organization_names_trgm_idx" ON "organization" USING gin (newsgraph_names("name", "aliases") gin_trgm_ops);
CREATE INDEX "place_names_trgm_idx" ON "place" USING gin (newsgraph_names("name", "aliases") gin_trgm_ops);
CREATE INDEX "declaration_names_trgm_idx" ON "declaration" USING gin (newsgraph_names("title", "aliases") gin_trgm_ops);
