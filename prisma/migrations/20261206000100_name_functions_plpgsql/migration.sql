-- The two functions the name indexes are built on, as PL/pgSQL: same results, a third of the cost.
-- As SQL functions they could not be inlined (an aggregate over unnest; an index expression), so
-- every call set up and tore down an executor, paid on every insert and on every update of a name
-- or aliases: most of a bulk import's entity upserts (docs/ingest.md). A PL/pgSQL function
-- evaluates these as simple expressions. For 5,000 people with three names each (psql \timing,
-- 2026-12-06): newsgraph_name_keys 50 → 18 µs a person, newsgraph_names 12 → 5.
--
-- The values are the same (newsgraph_name_keys' keys may come in another order; its one reader
-- is the GIN index and `@>`, where only the set counts), so the indexes stay valid as they are.
-- search_path is fixed at creation: PL/pgSQL resolves the functions it calls when it runs, and an
-- index expression may be evaluated under any search_path (autovacuum, a restore).
CREATE OR REPLACE FUNCTION newsgraph_name_keys(name text, aliases text[]) RETURNS text[]
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  SET search_path FROM CURRENT
AS $$
DECLARE
  n text;
  k text;
  keys text[] := '{}';
BEGIN
  -- A lone surname or first name ("Scott") never identifies a person: only keys of two words or more.
  FOREACH n IN ARRAY array_prepend(name, coalesce(aliases, '{}')) LOOP
    k := newsgraph_name_key(n);
    IF k LIKE '% %' AND NOT (k = ANY (keys)) THEN
      keys := keys || k;
    END IF;
  END LOOP;
  RETURN keys;
END
$$;

CREATE OR REPLACE FUNCTION newsgraph_names(name text, aliases text[]) RETURNS text
  LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
  SET search_path FROM CURRENT
AS $$
BEGIN
  RETURN newsgraph_fold(coalesce(name, '') || E'\n' || coalesce(array_to_string(aliases, E'\n'), ''));
END
$$;
