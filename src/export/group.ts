/** A batch's fact rows split per article, and the entities each article's document must list. */
import { emptyIds, type EntityType, type IdSets } from './entities.js';
import type {
  AffiliationRow,
  AuthorRow,
  BatchFacts,
  EventRow,
  MentionRow,
  ParticipantRow,
  ProvisionRow,
  QuoteRow,
  RelationRow,
  SignatoryRow,
  ToneRow,
  TopicRow,
} from './queries.js';

export interface ArticleFacts {
  mentions: MentionRow[];
  authors: AuthorRow[];
  topics: TopicRow[];
  tone: ToneRow | undefined;
  quotes: QuoteRow[];
  events: EventRow[];
  participants: ParticipantRow[];
  affiliations: AffiliationRow[];
  relations: RelationRow[];
  provisions: ProvisionRow[];
  signatories: SignatoryRow[];
}

const none = (): ArticleFacts => ({
  mentions: [],
  authors: [],
  topics: [],
  tone: undefined,
  quotes: [],
  events: [],
  participants: [],
  affiliations: [],
  relations: [],
  provisions: [],
  signatories: [],
});

/** Splits the batch's rows by article, keeping each relation's order. */
export function groupByArticle(ids: readonly number[], batch: BatchFacts): Map<number, ArticleFacts> {
  const out = new Map(ids.map((id) => [id, none()]));
  const eventArticle = new Map(batch.events.map((e) => [e.id, e.article_id]));
  const push = <K extends Exclude<keyof ArticleFacts, 'tone'>>(key: K, rows: Array<ArticleFacts[K][number]>, articleOf: (r: ArticleFacts[K][number]) => number) => {
    for (const r of rows) (out.get(articleOf(r))![key] as Array<ArticleFacts[K][number]>).push(r);
  };
  push('mentions', batch.mentions, (r) => r.article_id);
  push('authors', batch.authors, (r) => r.article_id);
  push('topics', batch.topics, (r) => r.article_id);
  push('quotes', batch.quotes, (r) => r.article_id);
  push('events', batch.events, (r) => r.article_id);
  push('participants', batch.participants, (r) => eventArticle.get(r.event_id)!);
  push('affiliations', batch.affiliations, (r) => r.article_id);
  push('relations', batch.relations, (r) => r.article_id);
  push('provisions', batch.provisions, (r) => r.article_id);
  push('signatories', batch.signatories, (r) => r.article_id);
  for (const t of batch.tones) out.get(t.article_id)!.tone = t;
  return out;
}

/** Every entity an article's rows name directly (mentions, byline, facts); see closure() for the rest. */
export function directEntities(facts: ArticleFacts, ownedDeclarations: Iterable<number> = []): IdSets {
  const ids = emptyIds();
  const add = (type: EntityType, id: number | null | undefined) => {
    if (id !== null && id !== undefined) ids[type].add(id);
  };
  for (const m of facts.mentions) {
    add('person', m.person_id);
    add('organization', m.organization_id);
    add('place', m.place_id);
    add('declaration', m.declaration_id);
  }
  for (const a of facts.authors) add('person', a.person_id);
  for (const q of facts.quotes) {
    add('person', q.speaker_id);
    add('organization', q.setting_organization_id);
  }
  for (const e of facts.events) add('place', e.place_id);
  for (const p of facts.participants) {
    add('person', p.person_id);
    add('organization', p.organization_id);
  }
  for (const a of facts.affiliations) {
    add('person', a.person_id);
    add('organization', a.organization_id);
  }
  for (const r of facts.relations) {
    add('declaration', r.from_id);
    add('declaration', r.to_id);
  }
  for (const p of facts.provisions) add('declaration', p.declaration_id);
  for (const s of facts.signatories) {
    add('declaration', s.declaration_id);
    add('person', s.person_id);
    add('organization', s.organization_id);
    add('place', s.place_id);
  }
  for (const d of ownedDeclarations) add('declaration', d);
  return ids;
}

/** The union of several id sets. */
export function unionIds(sets: Iterable<IdSets>): IdSets {
  const out = emptyIds();
  for (const s of sets) for (const t of Object.keys(out) as EntityType[]) for (const id of s[t]) out[t].add(id);
  return out;
}
