/**
 * Stored rows → one article document in the published format (docs/document-format.md), such
 * that writing the document into an empty database stores the same rows again. Pure: no
 * database access, so the mapping can be read (and tested) on its own.
 *
 * Choices that keep a dump faithful and stable:
 * - Entities carry their whole stored state in every document that names them (the writer only
 *   fills entities in, so the first document creates them as they are, the others change nothing).
 * - Lists keep the order rows were written in (ids, positions), which is the order of the
 *   documents they came from; entities are ordered by their first mention in the article, so
 *   importing a dump writes mentions in the same order, and a second export is byte-identical.
 * - Implied mentions are not written: the writer derives them again from the facts.
 * - Shared facts (affiliations, relations, provisions, signatories, a declaration's own evidence)
 *   go into the document of the article holding their provenance, with its evidence.
 * - Merges: rows already point at the survivor; slugs merged into it become its aliases, so the
 *   dump still names them.
 */
import type {
  AffiliationFact,
  ArticleDocument,
  DeclarationEntity,
  DeclarationRelationFact,
  EventFact,
  EvidenceSpan,
  OrganizationEntity,
  PersonEntity,
  PlaceEntity,
  QuoteFact,
} from '../document/document.js';
import { DOCUMENT_VERSION } from '../document/document.js';
import type { EntityRows, EntityType, IdSets } from './entities.js';
import type { ArticleRow, MentionRow, Precision, Span } from './queries.js';
import type { ArticleFacts } from './group.js';

type Kind<T, K extends keyof T> = NonNullable<T[K]>;

/** A stored (YYYY-MM-DD, precision) pair as its partial date: the form is the precision. */
export function partialDate(day: string | null, precision: Precision | null): string | undefined {
  if (day === null) return undefined;
  return precision === 'YEAR' ? day.slice(0, 4) : precision === 'MONTH' ? day.slice(0, 7) : day;
}

/** Stored offsets as evidence; the words are repeated only when there is a body to repeat them from. */
export function evidence(body: string, start: number | null, end: number | null): EvidenceSpan | undefined {
  if (start === null || end === null) return undefined;
  return body === '' ? { start, end } : { start, end, text: body.slice(start, end) };
}

const spanOf = (body: string, s: Span) => evidence(body, s.evidence_start, s.evidence_end);

/** Stored aliases, then the slugs merged into the entity (the name itself is never an alias). */
function aliasesOf(name: string, aliases: readonly string[], merged: readonly string[] = []): string[] {
  return [...new Set([...aliases, ...merged])].filter((a) => a !== name);
}

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

/** What every part of one document's mapping needs: the article's rows and the batch's entities. */
interface Ctx {
  article: ArticleRow;
  body: string;
  facts: ArticleFacts;
  entities: EntityRows;
  listed: IdSets;
}

const slugOf = (c: Ctx, type: EntityType, id: number | null): string | undefined => (id === null ? undefined : c.entities[type].get(id)!.slug);
const mentionsOf = (c: Ctx, type: EntityType, id: number) => explicitMentions(c.body, c.facts.mentions, type, id);
const ordered = (c: Ctx, type: EntityType) => orderByFirstMention(type, c.listed[type], c.facts.mentions, c.entities);

/** The document of one article; `listed` are the entities it must list (see closure()). */
export function toDocument(article: ArticleRow, facts: ArticleFacts, entities: EntityRows, listed: IdSets): ArticleDocument {
  const c: Ctx = { article, body: article.body, facts, entities, listed };
  return {
    version: DOCUMENT_VERSION,
    article: articleOf(c),
    places: placesOf(c),
    people: peopleOf(c),
    organizations: organizationsOf(c),
    declarations: declarationsOf(c),
    declarationRelations: relationsOf(c),
    affiliations: affiliationsOf(c),
    quotes: quotesOf(c),
    events: eventsOf(c),
  };
}

function articleOf(c: Ctx): ArticleDocument['article'] {
  const { article, facts } = c;
  const tone = facts.tone;
  return {
    url: article.url,
    title: article.title,
    body: c.body,
    publishedAt: article.published_at,
    // The column allows NULL, the format does not: "und" is BCP 47 for "undetermined".
    language: article.language ?? 'und',
    source: { slug: article.source_slug, name: article.source_name, domain: opt(article.source_domain) },
    authors: facts.authors.map((a) => slugOf(c, 'person', a.person_id)!),
    feed: article.feed,
    externalId: opt(article.external_id),
    topics: facts.topics.length ? facts.topics.map((t) => t.topic) : undefined,
    tone: tone && {
      tone: tone.tone,
      positive: tone.positive,
      negative: tone.negative,
      polarity: tone.polarity,
      activityDensity: tone.activity_density,
      selfGroupDensity: tone.self_group_density,
      wordCount: tone.word_count,
    },
  };
}

function placesOf(c: Ctx): PlaceEntity[] {
  return ordered(c, 'place').map((id) => {
    const p = c.entities.place.get(id)!;
    return {
      slug: p.slug,
      name: p.name,
      aliases: aliasesOf(p.name, p.aliases),
      kind: p.kind as Kind<PlaceEntity, 'kind'>,
      countryCode: opt(p.country_code),
      parent: slugOf(c, 'place', p.parent_id),
      latitude: opt(p.latitude),
      longitude: opt(p.longitude),
      wikidataId: opt(p.wikidata_id),
      featureId: opt(p.feature_id),
      mentions: mentionsOf(c, 'place', id),
    };
  });
}

function peopleOf(c: Ctx): PersonEntity[] {
  return ordered(c, 'person').map((id) => {
    const p = c.entities.person.get(id)!;
    return {
      slug: p.slug,
      name: p.name,
      aliases: aliasesOf(p.name, p.aliases, p.merged_slugs),
      description: opt(p.description),
      nationality: slugOf(c, 'place', p.nationality_id),
      wikidataId: opt(p.wikidata_id),
      mentions: mentionsOf(c, 'person', id),
    };
  });
}

function organizationsOf(c: Ctx): OrganizationEntity[] {
  return ordered(c, 'organization').map((id) => {
    const o = c.entities.organization.get(id)!;
    return {
      slug: o.slug,
      name: o.name,
      aliases: aliasesOf(o.name, o.aliases, o.merged_slugs),
      kind: o.kind as Kind<OrganizationEntity, 'kind'>,
      description: opt(o.description),
      country: slugOf(c, 'place', o.country_id),
      parent: slugOf(c, 'organization', o.parent_id),
      wikidataId: opt(o.wikidata_id),
      mentions: mentionsOf(c, 'organization', id),
    };
  });
}

/** A declaration's own evidence, provisions and signatories only where this article holds their provenance. */
function declarationsOf(c: Ctx): DeclarationEntity[] {
  return ordered(c, 'declaration').map((id) => {
    const d = c.entities.declaration.get(id)!;
    return {
      slug: d.slug,
      title: d.title,
      aliases: aliasesOf(d.title, d.aliases),
      kind: d.kind as Kind<DeclarationEntity, 'kind'>,
      signed: partialDate(d.signed_on, d.signed_precision),
      place: slugOf(c, 'place', d.place_id),
      summary: opt(d.summary),
      evidence: d.article_id === c.article.id ? spanOf(c.body, d) : undefined,
      provisions: c.facts.provisions.filter((p) => p.declaration_id === id).map((p) => ({ text: p.text, evidence: spanOf(c.body, p) })),
      signatories: c.facts.signatories
        .filter((s) => s.declaration_id === id)
        .map((s) => ({
          person: slugOf(c, 'person', s.person_id),
          organization: slugOf(c, 'organization', s.organization_id),
          place: slugOf(c, 'place', s.place_id),
          role: opt(s.role),
          evidence: spanOf(c.body, s),
        })),
      wikidataId: opt(d.wikidata_id),
      mentions: mentionsOf(c, 'declaration', id),
    };
  });
}

function relationsOf(c: Ctx): DeclarationRelationFact[] {
  return c.facts.relations.map((r) => ({
    from: slugOf(c, 'declaration', r.from_id)!,
    to: slugOf(c, 'declaration', r.to_id)!,
    kind: r.kind as DeclarationRelationFact['kind'],
    description: opt(r.description),
    evidence: spanOf(c.body, r),
  }));
}

function affiliationsOf(c: Ctx): AffiliationFact[] {
  return c.facts.affiliations.map((a) => ({
    person: slugOf(c, 'person', a.person_id)!,
    organization: slugOf(c, 'organization', a.organization_id)!,
    title: a.title,
    validFrom: partialDate(a.valid_from, a.valid_from_precision),
    validTo: partialDate(a.valid_to, a.valid_to_precision),
    evidence: spanOf(c.body, a),
  }));
}

function quotesOf(c: Ctx): QuoteFact[] {
  return c.facts.quotes.map((q) => ({
    speaker: slugOf(c, 'person', q.speaker_id),
    speakerName: opt(q.speaker_name),
    text: q.text,
    saidOn: partialDate(q.said_on, q.said_precision),
    setting: opt(q.setting),
    verb: opt(q.verb),
    settingOrganization: slugOf(c, 'organization', q.setting_organization_id),
    evidence: spanOf(c.body, q),
  }));
}

function eventsOf(c: Ctx): EventFact[] {
  return c.facts.events.map((e) => ({
    kind: e.kind as EventFact['kind'],
    title: e.title,
    summary: opt(e.summary),
    occurredOn: partialDate(e.occurred_on, e.occurred_precision),
    place: slugOf(c, 'place', e.place_id),
    topics: e.topics,
    award: opt(e.award),
    participants: c.facts.participants
      .filter((p) => p.event_id === e.id)
      .map((p) => ({ person: slugOf(c, 'person', p.person_id), organization: slugOf(c, 'organization', p.organization_id), role: opt(p.role) })),
    evidence: spanOf(c.body, e),
  }));
}

const MENTION_COLUMN: Record<EntityType, keyof MentionRow> = {
  place: 'place_id',
  person: 'person_id',
  organization: 'organization_id',
  declaration: 'declaration_id',
};

function explicitMentions(body: string, mentions: readonly MentionRow[], type: EntityType, id: number): EvidenceSpan[] {
  const column = MENTION_COLUMN[type];
  // A span row always has offsets (the format requires them); the filter only keeps the types honest.
  return mentions.flatMap((m) => {
    const span = !m.implied && m[column] === id ? evidence(body, m.start, m.end) : undefined;
    return span ? [span] : [];
  });
}

/** Ids in the order of their first mention row in the article (implied ones too), then by slug. */
function orderByFirstMention(type: EntityType, ids: ReadonlySet<number>, mentions: readonly MentionRow[], entities: EntityRows): number[] {
  const column = MENTION_COLUMN[type];
  const first = new Map<number, number>();
  for (const m of mentions) {
    const id = m[column] as number | null;
    if (id !== null && !first.has(id)) first.set(id, m.id);
  }
  const slugOf = (id: number) => entities[type].get(id)!.slug;
  return [...ids].sort((a, b) => {
    const fa = first.get(a) ?? Infinity;
    const fb = first.get(b) ?? Infinity;
    if (fa !== fb) return fa - fb;
    return slugOf(a) < slugOf(b) ? -1 : slugOf(a) > slugOf(b) ? 1 : 0;
  });
}
