-- Implied mentions: an article that states a fact about an entity (a role, a signature, a quote,
-- a part in an event) is about that entity even when its document lists no span naming it. The
-- writer records one such row per entity the article states facts about but does not mention,
-- flagged, so "articles about X" reads one table, while the spans that name X (Article.mentions,
-- entityMentioned) leave the flagged rows out. Their offsets, when present, are the first stating
-- fact's evidence (they order an article's entities; they are not a name).
ALTER TABLE "mention" ADD COLUMN "implied" BOOLEAN NOT NULL DEFAULT false;

-- Existing articles: the facts they own (quotes, event participants, signatories) and those whose
-- provenance they hold (affiliations, declarations). Re-importing a document fills in the rest.
WITH facts ("article_id", "kind", "person_id", "organization_id", "place_id", "declaration_id", "start", "end") AS (
  SELECT q."article_id", 'PERSON'::"MentionKind", q."speaker_id", NULL::int, NULL::int, NULL::int, q."evidence_start", q."evidence_end"
    FROM "quote" q WHERE q."speaker_id" IS NOT NULL
  UNION ALL
  SELECT e."article_id", 'PERSON', ep."person_id", NULL, NULL, NULL, e."evidence_start", e."evidence_end"
    FROM "event_participant" ep JOIN "event" e ON e."id" = ep."event_id" WHERE ep."person_id" IS NOT NULL
  UNION ALL
  SELECT e."article_id", 'ORGANIZATION', NULL, ep."organization_id", NULL, NULL, e."evidence_start", e."evidence_end"
    FROM "event_participant" ep JOIN "event" e ON e."id" = ep."event_id" WHERE ep."organization_id" IS NOT NULL
  UNION ALL
  SELECT s."article_id", 'PERSON', s."person_id", NULL, NULL, NULL, s."evidence_start", s."evidence_end"
    FROM "declaration_signatory" s WHERE s."article_id" IS NOT NULL AND s."person_id" IS NOT NULL
  UNION ALL
  SELECT s."article_id", 'ORGANIZATION', NULL, s."organization_id", NULL, NULL, s."evidence_start", s."evidence_end"
    FROM "declaration_signatory" s WHERE s."article_id" IS NOT NULL AND s."organization_id" IS NOT NULL
  UNION ALL
  SELECT s."article_id", 'PLACE', NULL, NULL, s."place_id", NULL, s."evidence_start", s."evidence_end"
    FROM "declaration_signatory" s WHERE s."article_id" IS NOT NULL AND s."place_id" IS NOT NULL
  UNION ALL
  SELECT s."article_id", 'DECLARATION', NULL, NULL, NULL, s."declaration_id", s."evidence_start", s."evidence_end"
    FROM "declaration_signatory" s WHERE s."article_id" IS NOT NULL
  UNION ALL
  SELECT d."article_id", 'DECLARATION', NULL, NULL, NULL, d."id", d."evidence_start", d."evidence_end"
    FROM "declaration" d WHERE d."article_id" IS NOT NULL
  UNION ALL
  SELECT af."article_id", 'PERSON', af."person_id", NULL, NULL, NULL, af."evidence_start", af."evidence_end"
    FROM "affiliation" af WHERE af."article_id" IS NOT NULL
  UNION ALL
  SELECT af."article_id", 'ORGANIZATION', NULL, af."organization_id", NULL, NULL, af."evidence_start", af."evidence_end"
    FROM "affiliation" af WHERE af."article_id" IS NOT NULL
)
INSERT INTO "mention" ("article_id", "kind", "person_id", "organization_id", "place_id", "declaration_id", "start", "end", "implied")
SELECT DISTINCT ON (f."article_id", f."kind", coalesce(f."person_id", f."organization_id", f."place_id", f."declaration_id"))
  f."article_id", f."kind", f."person_id", f."organization_id", f."place_id", f."declaration_id", f."start", f."end", true
FROM facts f
WHERE NOT EXISTS (
  SELECT 1 FROM "mention" m WHERE m."article_id" = f."article_id" AND m."kind" = f."kind"
    AND coalesce(m."person_id", m."organization_id", m."place_id", m."declaration_id")
      = coalesce(f."person_id", f."organization_id", f."place_id", f."declaration_id"))
ORDER BY f."article_id", f."kind", coalesce(f."person_id", f."organization_id", f."place_id", f."declaration_id"), f."start" NULLS LAST;
