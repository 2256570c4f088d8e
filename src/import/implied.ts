/**
 * Implied mentions: an article that states facts about an entity (gives a person a role, has a
 * declaration signed, quotes someone, names an event's participants) is about that entity even
 * when its document lists no span naming it. The writer stores one flagged mention row for each
 * such entity, so "articles about X" stays one read of `mention` (see the migration
 * 20261202010000_implied_mentions).
 */
import type { ArticleDocument, EvidenceSpan } from '../document/document.js';
import type { EntityType } from './write/sql.js';

export interface ImpliedMention {
  type: EntityType;
  slug: string;
  /** The first stating fact's evidence, when it has one: it orders the article's entities. */
  evidence: EvidenceSpan | undefined;
}

/** The entities the document states facts about but lists no mention of, each once, in document order. */
export function impliedMentions(doc: ArticleDocument): ImpliedMention[] {
  const found = new Map<string, ImpliedMention>();
  const add = (type: EntityType, slug: string | undefined, evidence: EvidenceSpan | undefined) => {
    if (slug === undefined) return;
    const key = `${type}:${slug}`;
    const seen = found.get(key);
    if (!seen) found.set(key, { type, slug, evidence });
    else if (!seen.evidence && evidence) seen.evidence = evidence;
  };
  for (const a of doc.affiliations) {
    add('person', a.person, a.evidence);
    add('organization', a.organization, a.evidence);
  }
  for (const d of doc.declarations) {
    // A declaration the article describes (its wording, provisions, signatures) is stated by it.
    const stated = d.evidence ?? d.provisions.find((p) => p.evidence)?.evidence ?? d.signatories.find((s) => s.evidence)?.evidence;
    if (stated || d.provisions.length || d.signatories.length) add('declaration', d.slug, stated);
    for (const s of d.signatories) {
      add('person', s.person, s.evidence);
      add('organization', s.organization, s.evidence);
      add('place', s.place, s.evidence);
    }
  }
  for (const r of doc.declarationRelations) {
    add('declaration', r.from, r.evidence);
    add('declaration', r.to, r.evidence);
  }
  for (const q of doc.quotes) {
    add('person', q.speaker, q.evidence);
    add('organization', q.settingOrganization, q.evidence);
  }
  for (const e of doc.events) {
    for (const p of e.participants) {
      add('person', p.person, e.evidence);
      add('organization', p.organization, e.evidence);
    }
  }
  const mentioned = new Set<string>();
  const lists = [
    ['place', doc.places],
    ['person', doc.people],
    ['organization', doc.organizations],
    ['declaration', doc.declarations],
  ] as const;
  for (const [type, items] of lists) for (const item of items) if (item.mentions.length) mentioned.add(`${type}:${item.slug}`);
  return [...found.entries()].filter(([key]) => !mentioned.has(key)).map(([, m]) => m);
}
