/**
 * The graph an import leaves, without generated ids or timestamps: every table the importer
 * writes, each row with its references spelled by natural key (slug, URL), rows sorted. Two
 * databases hold the same graph when their snapshots are equal.
 */
export type Query = (sql: string) => Promise<unknown[]>;

const TABLES: Record<string, string> = {
  source: `SELECT s.slug, s.name, s.domain FROM source s`,
  article: `SELECT a.url, a.title, a.body, a.published_at, a.language, s.slug AS source, a.feed, a.external_id, a.content_hash,
              a.change_seq IS NOT NULL AS in_change_feed
            FROM article a JOIN source s ON s.id = a.source_id`,
  person: `SELECT p.slug, p.name, p.aliases, p.description, n.slug AS nationality, p.wikidata_id
           FROM person p LEFT JOIN place n ON n.id = p.nationality_id`,
  organization: `SELECT o.slug, o.name, o.aliases, o.kind, o.description, c.slug AS country, pa.slug AS parent, o.wikidata_id
                 FROM organization o LEFT JOIN place c ON c.id = o.country_id LEFT JOIN organization pa ON pa.id = o.parent_id`,
  place: `SELECT p.slug, p.name, p.aliases, p.kind, p.country_code, pa.slug AS parent, p.latitude, p.longitude, p.wikidata_id, p.feature_id
          FROM place p LEFT JOIN place pa ON pa.id = p.parent_id`,
  mention: `SELECT a.url, m.kind, pe.slug AS person, o.slug AS organization, pl.slug AS place, d.slug AS declaration, m.start, m."end"
            FROM mention m JOIN article a ON a.id = m.article_id LEFT JOIN person pe ON pe.id = m.person_id
            LEFT JOIN organization o ON o.id = m.organization_id LEFT JOIN place pl ON pl.id = m.place_id
            LEFT JOIN declaration d ON d.id = m.declaration_id`,
  article_topic: `SELECT a.url, t.topic, t.position FROM article_topic t JOIN article a ON a.id = t.article_id`,
  article_tone: `SELECT a.url, t.tone, t.positive, t.negative, t.polarity, t.activity_density, t.self_group_density, t.word_count
                 FROM article_tone t JOIN article a ON a.id = t.article_id`,
  quote: `SELECT a.url, sp.slug AS speaker, q.speaker_name, q.text, q.said_on, q.said_precision, q.setting, q.verb,
                 so.slug AS setting_organization, q.evidence_start, q.evidence_end
          FROM quote q JOIN article a ON a.id = q.article_id LEFT JOIN person sp ON sp.id = q.speaker_id
          LEFT JOIN organization so ON so.id = q.setting_organization_id`,
  article_author: `SELECT a.url, p.slug AS person, aa.position FROM article_author aa JOIN article a ON a.id = aa.article_id
                   JOIN person p ON p.id = aa.person_id`,
};

/** Table → its rows as JSON lines, sorted. */
export async function graphSnapshot(query: Query): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const [table, sql] of Object.entries(TABLES)) {
    const rows = await query(`SELECT row_to_json(r)::text AS j FROM (${sql}) r`);
    out[table] = (rows as Array<{ j: string }>).map((r) => r.j).sort();
  }
  return out;
}

/** Row counts of a snapshot, for readable failures. */
export function snapshotCounts(s: Record<string, string[]>): Record<string, number> {
  return Object.fromEntries(Object.entries(s).map(([t, rows]) => [t, rows.length]));
}
