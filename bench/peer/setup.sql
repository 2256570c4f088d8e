-- The PostGraphile peer's side of the benchmark: computed-column functions in their own schema
-- (newsgraph's tables in `public` are not touched). PostGraphile exposes
--   newsgraph_peer.person_latest_articles(person)           as Person.latestArticles
--   newsgraph_peer.declaration_latest_articles(declaration) as Declaration.latestArticles
-- the idiomatic PostGraphile way to offer "articles that mention X, newest first", which its
-- generated schema cannot express through the `mention` join table alone. They are inlinable
-- SQL functions, so the planner sees through them.
CREATE SCHEMA IF NOT EXISTS newsgraph_peer;

CREATE OR REPLACE FUNCTION newsgraph_peer.person_latest_articles(p public.person)
  RETURNS SETOF public.article LANGUAGE sql STABLE AS $$
    SELECT a.* FROM public.article a
    WHERE a.id IN (SELECT m.article_id FROM public.mention m WHERE m.person_id = p.id)
    ORDER BY a.published_at DESC, a.id DESC
$$;

CREATE OR REPLACE FUNCTION newsgraph_peer.declaration_latest_articles(d public.declaration)
  RETURNS SETOF public.article LANGUAGE sql STABLE AS $$
    SELECT a.* FROM public.article a
    WHERE a.id IN (SELECT m.article_id FROM public.mention m WHERE m.declaration_id = d.id)
    ORDER BY a.published_at DESC, a.id DESC
$$;

-- newsgraph_peer.person_latest_quotes(person) as Person.latestQuotes: what the person said, newest
-- first by the day said, else the article's day (newsgraph's Person.quotes order).
CREATE OR REPLACE FUNCTION newsgraph_peer.person_latest_quotes(p public.person)
  RETURNS SETOF public.quote LANGUAGE sql STABLE AS $$
    SELECT q.* FROM public.quote q JOIN public.article qa ON qa.id = q.article_id
    WHERE q.speaker_id = p.id
    ORDER BY coalesce(q.said_on, (qa.published_at AT TIME ZONE 'UTC')::date) DESC, q.id DESC
$$;
