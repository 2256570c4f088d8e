/**
 * The ingest benchmark's floor: the rows the bulk writer would write for GKG input, read and
 * mapped the same way (parsed in the same worker thread, src/import/parse/reader.ts; the batch
 * plan of src/import/bulk/plan.ts; childRows), then
 * COPYed straight into the tables with ids assigned in memory: no lookups, no upserts, no locks,
 * no resolution against stored rows. Only for an empty database (a stored slug would break COPY).
 */
import pg from 'pg';
import { childRows, CHILD_TABLES, type ChildTable, type Ids } from '../src/import/bulk/batch.js';
import { copyRows, type CopyValue } from '../src/import/bulk/copy.js';
import { planBatch, type EntityRow, type Lookups, type NamedType, type Plan } from '../src/import/bulk/plan.js';
import { listInputs } from '../src/import/inputs.js';
import { ParsePool } from '../src/import/parse/reader.js';
import { documentHash } from '../src/import/write/index.js';
import type { ArticleDocument } from '../src/document/document.js';

type Doc = { doc: ArticleDocument; hash: string };
type Table = 'source' | 'place' | NamedType | 'article';

const EMPTY: Lookups = {
  redirects: { person: new Map(), organization: new Map() },
  stored: { person: new Set(), organization: new Set() },
  places: [],
  sources: [],
};

/** Postgres array literal of text values (inside COPY text, which copyField escapes once more). */
function textArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}

class Floor {
  private readonly ids: Record<Table, Map<string, number>> = {
    source: new Map(), place: new Map(), organization: new Map(), person: new Map(), article: new Map(),
  };

  constructor(private readonly client: pg.ClientBase) {}

  /** In-memory ids: a key seen before keeps its id, a new one gets the next. */
  private idOf(table: Table, key: string): [number, boolean] {
    const map = this.ids[table];
    const known = map.get(key);
    if (known !== undefined) return [known, false];
    map.set(key, map.size + 1);
    return [map.size, true];
  }

  private entityRows(type: NamedType, rows: readonly EntityRow[]): CopyValue[][] {
    const out: CopyValue[][] = [];
    for (const r of rows) {
      const [id, isNew] = this.idOf(type, r.slug);
      if (!isNew) continue;
      const aliases = textArray(r.aliases);
      out.push(type === 'person' ? [id, r.slug, r.name, aliases, r.description] : [id, r.slug, r.name, aliases, r.kind ?? 'OTHER', r.description]);
    }
    return out;
  }

  /** New places, with the parents the plan gives them: every id is taken first, as a parent may come after its child. */
  private placeRows(plan: Plan): CopyValue[][] {
    const fresh = plan.places.filter((r) => this.idOf('place', r.slug)[1]);
    const parents = new Map(plan.parents);
    return fresh.map((r) => {
      const parent = parents.get(r.slug);
      return [this.ids.place.get(r.slug), r.slug, r.name, textArray(r.aliases), r.kind ?? 'OTHER', r.countryCode, r.latitude, r.longitude, r.featureId, parent ? this.ids.place.get(parent) : null];
    });
  }

  async write(batch: readonly Doc[]): Promise<void> {
    const plan = planBatch(batch, EMPTY);
    const sources = plan.sources.flatMap((s) => {
      const [id, isNew] = this.idOf('source', s.slug);
      return isNew ? [[id, s.slug, s.name, s.domain]] : [];
    });
    const placeRows = this.placeRows(plan);
    const orgRows = this.entityRows('organization', plan.organizations);
    const personRows = this.entityRows('person', plan.people);
    const articles = plan.docs.map(({ doc, hash, source }) => {
      const a = doc.article;
      const [id] = this.idOf('article', a.url);
      return [id, a.url, a.title, a.body, a.publishedAt, a.language, this.ids.source.get(source), a.feed, a.externalId, hash, id];
    });
    const children = childRows(plan, this.ids.article, this.entityIds(plan));
    await this.client.query('BEGIN');
    await copyRows(this.client, 'source', ['id', 'slug', 'name', 'domain'], sources);
    await copyRows(this.client, 'place', ['id', 'slug', 'name', 'aliases', 'kind', 'country_code', 'latitude', 'longitude', 'feature_id', 'parent_id'], placeRows);
    await copyRows(this.client, 'organization', ['id', 'slug', 'name', 'aliases', 'kind', 'description'], orgRows);
    await copyRows(this.client, 'person', ['id', 'slug', 'name', 'aliases', 'description'], personRows);
    await copyRows(this.client, 'article', ['id', 'url', 'title', 'body', 'published_at', 'language', 'source_id', 'feed', 'external_id', 'content_hash', 'change_seq'], articles);
    for (const table of Object.keys(CHILD_TABLES) as ChildTable[]) await copyRows(this.client, table, CHILD_TABLES[table], children[table]);
    await this.client.query('COMMIT');
  }

  /** Row slug → id for every entity of the plan (childRows looks documents' targets up in these). */
  private entityIds(plan: Plan): Ids {
    const pick = (type: 'place' | NamedType, rows: readonly EntityRow[]) => new Map(rows.map((r) => [r.slug, this.ids[type].get(r.slug)!]));
    return { place: pick('place', plan.places), organization: pick('organization', plan.organizations), person: pick('person', plan.people) };
  }

  /** Sequences past the ids COPY wrote, as a real load leaves them. */
  async finish(): Promise<void> {
    for (const table of ['source', 'place', 'organization', 'person', 'article'] as const) {
      await this.client.query(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), $1::bigint + 1, false)`, [this.ids[table].size]);
    }
    await this.client.query(`SELECT setval('article_change_seq', $1::bigint + 1, false)`, [this.ids.article.size]);
  }
}

/** Every valid document of `dir`, parsed in the worker thread the bulk import uses. */
async function* documents(dir: string, batchSize: number, parseWorkers: number | undefined): AsyncGenerator<Doc> {
  const worker = new ParsePool(batchSize, parseWorkers);
  try {
    for (const input of await listInputs(dir, 'gkg')) {
      for await (const record of worker.read(input)) {
        if (record.result.ok) yield { doc: record.result.document, hash: record.hash ?? documentHash(record.result.document) };
      }
    }
  } finally {
    await worker.close();
  }
}

/** Reads, maps and COPYs every record of `dir` in batches of `batchSize`; returns the records written. */
export async function floorImport(databaseUrl: string, dir: string, batchSize = 2000, parseWorkers?: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const floor = new Floor(client);
    let batch: Doc[] = [];
    let records = 0;
    for await (const doc of documents(dir, batchSize, parseWorkers)) {
      batch.push(doc);
      if (batch.length >= batchSize) {
        await floor.write(batch);
        records += batch.length;
        batch = [];
      }
    }
    if (batch.length) await floor.write(batch);
    await floor.finish();
    return records + batch.length;
  } finally {
    await client.end();
  }
}
