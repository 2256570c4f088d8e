/**
 * The per-request loaders. Built fresh in createContext() for every request, so nothing is cached
 * across requests or users.
 */
import DataLoader from 'dataloader';
import type { Reader } from '../db/reader.js';
import type { ArticleOrder } from '../services/articles.js';
import { provisionsOf, relationsOf } from '../services/declarations.js';
import { eventsByArticles, participantsOf, participationsOf } from '../services/events.js';
import { articleBodies, articlesByUrls, rowsByIds, rowsBySlugs, type RowsByTable, type Table } from '../services/lookup.js';
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

const bySlug = <T extends 'person' | 'organization' | 'place' | 'declaration' | 'source'>(db: Reader, t: T) =>
  oneByKey<string, RowsByTable[T]>((slugs) => rowsBySlugs(db, t, slugs), (r) => r.slug);

/** Caches a row that came along with another read, so resolving it costs no query. */
function prime<T extends { id: number }>(loader: DataLoader<number, T | null>, row: T | null | undefined): void {
  if (row) loader.prime(row.id, row);
}

export function createLoaders(db: Reader) {
  const person = byId(db, 'person');
  const organization = byId(db, 'organization');
  const place = byId(db, 'place');
  return {
    article: byId(db, 'article'),
    articleBody: oneByKey((ids: readonly number[]) => articleBodies(db, ids), (r) => r.id),
    articleByUrl: oneByKey((urls: readonly string[]) => articlesByUrls(db, urls), (r) => r.url),
    source: byId(db, 'source'),
    sourceBySlug: bySlug(db, 'source'),
    person,
    personBySlug: bySlug(db, 'person'),
    organization,
    organizationBySlug: bySlug(db, 'organization'),
    place,
    placeBySlug: bySlug(db, 'place'),
    declaration: byId(db, 'declaration'),
    declarationBySlug: bySlug(db, 'declaration'),
    quote: byId(db, 'quote'),
    event: byId(db, 'event'),
    affiliation: byId(db, 'affiliation'),

    topicsByArticle: manyByKey((ids: readonly number[]) => topicsByArticles(db, ids), (r) => r.articleId),
    toneOfArticle: oneByKey((ids: readonly number[]) => tonesByArticles(db, ids), (r) => r.articleId),
    mentionsByArticle: manyByKey((ids: readonly number[]) => mentionsByArticles(db, ids), (r) => r.articleId),
    eventsByArticle: manyByKey((ids: readonly number[]) => eventsByArticles(db, ids), (r) => r.articleId),
    participantsByEvent: manyByKey((ids: readonly number[]) => participantsOf(db, ids), (r) => r.eventId),
    participationsByPerson: manyByKey((ids: readonly number[]) => participationsOf(db, ids), (r) => r.personId!),

    affiliationsByPerson: manyByKey(async (ids: readonly number[]) => {
      const rows = await affiliationsByPeople(db, ids);
      for (const r of rows) prime(organization, r.organization);
      return rows;
    }, (r) => r.personId),
    provisionsByDeclaration: manyByKey((ids: readonly number[]) => provisionsOf(db, ids), (r) => r.declarationId),
    relationsByDeclaration: relationsLoader(db),
    coMentionsOfPerson: pageByParent<CoMentionRow, DateWindow>(db, (w) => coMentionQuery('person', w ?? {})),
    coMentionsOfOrganization: pageByParent<CoMentionRow, DateWindow>(db, (w) => coMentionQuery('organization', w ?? {})),
    sharedArticlesOfPerson: pageByTuple<ArticleRow, SharedOptions>(db, SHARED_TUPLE, (o) =>
      sharedArticlesQuery('person', o?.window ?? {}, o?.order),
    ),
    sharedArticlesOfOrganization: pageByTuple<ArticleRow, SharedOptions>(db, SHARED_TUPLE, (o) =>
      sharedArticlesQuery('organization', o?.window ?? {}, o?.order),
    ),
    timeline: timelineLoader(db),
    bucketArticles: {
      person: pageByTuple<ArticleRow, ArticleOrder>(db, BUCKET_TUPLE, (o) => bucketArticlesQuery('person', o)),
      organization: pageByTuple<ArticleRow, ArticleOrder>(db, BUCKET_TUPLE, (o) => bucketArticlesQuery('organization', o)),
      place: pageByTuple<ArticleRow, ArticleOrder>(db, BUCKET_TUPLE, (o) => bucketArticlesQuery('place', o)),
      declaration: pageByTuple<ArticleRow, ArticleOrder>(db, BUCKET_TUPLE, (o) => bucketArticlesQuery('declaration', o)),
    },
    mergesIntoPerson: manyByKey((ids: readonly number[]) => mergesOf(db, 'person', ids), (r) => r.survivorId),
    mergesIntoOrganization: manyByKey((ids: readonly number[]) => mergesOf(db, 'organization', ids), (r) => r.survivorId),
  };
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

export type Loaders = ReturnType<typeof createLoaders>;
