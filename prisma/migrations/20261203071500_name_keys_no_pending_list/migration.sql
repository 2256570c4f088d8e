-- Name lookups (resolve.ts resolveByName, the bulk writer's byName) search the GIN name-key
-- indexes once per name. With GIN's fast update on, fresh entries wait in an unsorted pending list
-- (up to gin_pending_list_limit, 4 MB) that every search scans in full: during a large import,
-- where each batch adds thousands of names, the bulk writer's lookup of 2,000 names took 7-10 s a
-- batch on 40k people (EXPLAIN ANALYZE: 3.4 ms per index probe, 0.02 ms after
-- gin_clean_pending_list). Entries go straight into the index instead; inserts pay a little more.
ALTER INDEX "person_name_keys_idx" SET (fastupdate = off);
ALTER INDEX "organization_name_keys_idx" SET (fastupdate = off);
-- What is already pending moves into the index now.
SELECT gin_clean_pending_list('person_name_keys_idx'::regclass);
SELECT gin_clean_pending_list('organization_name_keys_idx'::regclass);
