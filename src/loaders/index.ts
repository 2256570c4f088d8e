/**
 * The per-request loaders. Built fresh in createContext() for every request, so nothing is cached
 * across requests or users.
 */
import DataLoader from 'dataloader';
import type { Reader } from '../db/reader.js';
import type { ArticleOrder } from '../services/articles.js';
import { provisionsOf, relationsOf } from '../services/declarations.js';
import { eventsByArticles, participantsOf, participationsOf } from '../services/events.js';
import { articleBodies, rowsByIds, type RowsByTable, type Table } from '../services/lookup.js';
import { mentionsByArticles } from '../services/mentions.js';
import { affiliationsByPeople } from '../services/people.js';
import { mergesOf } from '../services/merge.js';
import { tonesByArticles, topicsByArticles } from '../services/articleFacts.js';
import type { ArticleRow, EntityKind, RelationRow } from '../services/types.js';
import { manyByKey, oneByKey, pageByParent, pageByTuple } from './helpers.js';
import {
  BUCKET_TUPLE,
  bucketArticlesQuery,
  coMentionQuery,
  SHARED_TUPLE,
  sharedArticlesQuery,
  timelines,
  type BucketRow,
  type CoMentionRow,
  type DateWindow,
  type Interval,
} from '../services/graph.js';

const byId = <T extends Table>(db: Reader, t: T) =>
  oneByKey<number, RowsByTable[T]>((ids) => rowsByIds(db, t, ids), (r) => r.id);


/** Caches a row that came along with another read, so resolving it costs no query. */
function prime<T extends { id: number }>(loader: DataLoader<number, T | null>, row: T | null | undefined): void {
  if (row) loader.prime(row.id, row);
}

/**
 * How each loader is made. A request uses a few of them, so they are made on first use
 * (`createLoaders` returns getters), not all of them for every request.
 */
const MAKERS = {
  article: (db: Reader) => byId(db, 'article'),
  articleBody: (db: Reader) => oneByKey((ids: readonly number[]) => articleBodies(db, ids), (r) => r.id),
  source: (db: Reader) => byId(db, 'source'),
  person: (db: Reader) => byId(db, 'person'),
  organization: (db: Reader) => byId(db, 'organization'),
  place: (db: Reader) => byId(db, 'place'),
  declaration: (db: Reader) => byId(db, 'declaration'),
  quote: (db: Reader) => byId(db, 'quote'),
  event: (db: Reader) => byId(db, 'event'),
  affiliation: (db: Reader) => byId(db, 'affiliation'),

  topicsByArticle: (db: Reader) => manyByKey((ids: readonly number[]) => topicsByArticles(db, ids), (r) => r.articleId),
  toneOfArticle: (db: Reader) => oneByKey((ids: readonly number[]) => tonesByArticles(db, ids), (r) => r.articleId),
  mentionsByArticle: (db: Reader) => manyByKey((ids: readonly number[]) => mentionsByArticles(db, ids), (r) => r.articleId),
  eventsByArticle: (db: Reader) => manyByKey((ids: readonly number[]) => eventsByArticles(db, ids), (r) => r.articleId),
  participantsByEvent: (db: Reader) => manyByKey((ids: readonly number[]) => participantsOf(db, ids), (r) => r.eventId),
  participationsByPerson: (db: Reader) => manyByKey((ids: readonly number[]) => participationsOf(db, ids), (r) => r.personId!),

  affiliationsByPerson: (db: Reader, loaders: { organization: ReturnType<typeof byId<'organization'>> }) =>
    manyByKey(async (ids: readonly number[]) => {
      const rows = await affiliationsByPeople(db, ids);
      for (const r of rows) prime(loaders.organization, r.organization);
      return rows;
    }, (r) => r.personId),
  provisionsByDeclaration: (db: Reader) => manyByKey((ids: readonly number[]) => provisionsOf(db, ids), (r) => r.declarationId),
  relationsByDeclaration: (db: Reader) => relationsLoader(db),
  coMentionsOfPerson: (db: Reader) => pageByParent<CoMentionRow, DateWindow>(db, (w) => coMentionQuery('person', w ?? {})),
  coMentionsOfOrganization: (db: Reader) =>
    pageByParent<CoMentionRow, DateWindow>(db, (w) => coMentionQuery('organization', w ?? {})),
  sharedArticlesOfPerson: (db: Reader) =>
    pageByTuple<ArticleRow, SharedOptions>(db, SHARED_TUPLE, (o) => sharedArticlesQuery('person', o?.window ?? {}, o?.order)),
  sharedArticlesOfOrganization: (db: Reader) =>
    pageByTuple<ArticleRow, SharedOptions>(db, SHARED_TUPLE, (o) => sharedArticlesQuery('organization', o?.window ?? {}, o?.order)),
  timeline: (db: Reader) => timelineLoader(db),
  bucketArticles: (db: Reader) => ({
    person: pageByTuple<ArticleRow, ArticleOrder>(db, BUCKET_TUPLE, (o) => bucketArticlesQuery('person', o)),
    organization: pageByTuple<ArticleRow, ArticleOrder>(db, BUCKET_TUPLE, (o) => bucketArticlesQuery('organization', o)),
    place: pageByTuple<ArticleRow, ArticleOrder>(db, BUCKET_TUPLE, (o) => bucketArticlesQuery('place', o)),
    declaration: pageByTuple<ArticleRow, ArticleOrder>(db, BUCKET_TUPLE, (o) => bucketArticlesQuery('declaration', o)),
  }),
  mergesIntoPerson: (db: Reader) => manyByKey((ids: readonly number[]) => mergesOf(db, 'person', ids), (r) => r.survivorId),
  mergesIntoOrganization: (db: Reader) =>
    manyByKey((ids: readonly number[]) => mergesOf(db, 'organization', ids), (r) => r.survivorId),
};

export type Loaders = { readonly [K in keyof typeof MAKERS]: ReturnType<(typeof MAKERS)[K]> };

/** This request's loaders: each made the first time it is read, then the same one for the request. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see the interface below
class RequestLoaders {
  readonly made = new Map<string, unknown>();
  constructor(readonly db: Reader) {}
}
// The getters below are defined on the prototype (once per process, not per request); this tells
// TypeScript about them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
interface RequestLoaders extends Loaders {}
for (const [name, make] of Object.entries(MAKERS)) {
  Object.defineProperty(RequestLoaders.prototype, name, {
    get(this: RequestLoaders) {
      let loader = this.made.get(name);
      if (loader === undefined) {
        loader = (make as (db: Reader, loaders: Loaders) => unknown)(this.db, this);
        this.made.set(name, loader);
      }
      return loader;
    },
  });
}

export function createLoaders(db: Reader): Loaders {
  return new RequestLoaders(db);
}

/** A relation belongs to both of its declarations, so it is loaded for either end. */
function relationsLoader(db: Reader): DataLoader<number, RelationRow[]> {
  return new DataLoader(async (ids) => {
    const rows = await relationsOf(db, ids);
    return ids.map((id) => rows.filter((r) => r.fromId === id || r.toId === id));
  });
}

export interface SharedOptions {
  window: DateWindow;
  order?: ArticleOrder | null;
}

export interface TimelineKey {
  kind: EntityKind;
  id: number;
  interval: Interval;
  window: DateWindow;
}

/** Timeline buckets per entity; entities asked with the same kind, interval and window share a query. */
function timelineLoader(db: Reader): DataLoader<TimelineKey, BucketRow[], string> {
  const groupOf = (k: TimelineKey) => JSON.stringify([k.kind, k.interval, k.window]);
  return new DataLoader(
    async (keys) => {
      const out = new Map<string, BucketRow[]>();
      const groups = new Map<string, TimelineKey[]>();
      for (const k of keys) groups.set(groupOf(k), [...(groups.get(groupOf(k)) ?? []), k]);
      for (const [g, ks] of groups) {
        const { kind, interval, window } = ks[0];
        const rows = await timelines(db, kind, ks.map((k) => k.id), interval, window);
        for (const k of ks) out.set(`${g}|${k.id}`, rows.filter((r) => r.entityId === k.id));
      }
      return keys.map((k) => out.get(`${groupOf(k)}|${k.id}`) ?? []);
    },
    { cacheKeyFn: (k) => `${groupOf(k)}|${k.id}` },
  );
}

