/**
 * The bulk writer's plan for one batch, computed in memory: which stored or new entity each
 * document's slug is, and what every touched entity row becomes, folding the documents in input
 * order exactly as one-by-one writeDocument calls would (src/import/write/index.ts).
 *
 * The rules are those of src/import/resolve.ts and src/import/write/entities.ts, applied to the
 * batch's view of the database: what was stored when the batch began (read inside its
 * transaction, under the batch's URL locks) plus what earlier documents of the batch wrote. That
 * matters for places: a city first seen in this batch under one spelling is found by its feature
 * id when a later record spells it differently, as it would be had the first one been committed.
 */
import type { ArticleDocument } from '../../document/document.js';
import { slugify } from '../names.js';

export type NamedType = 'person' | 'organization';

/** What the batch read from the database before planning. */
export interface Lookups {
  /** Document slug → stored slug, by merge records then by name (resolve.ts), per type. */
  redirects: Record<NamedType, Map<string, string>>;
  /** Slugs of people and organizations that exist. */
  stored: Record<NamedType, Set<string>>;
  places: StoredPlace[];
  sources: StoredSource[];
}

export interface StoredPlace {
  id: number;
  slug: string;
  feature_id: string | null;
  kind: string;
  country_code: string | null;
  parent_slug: string | null;
  has_parent: boolean;
}

export interface StoredSource {
  id: number;
  slug: string;
  domain: string | null;
}

/** One entity row to upsert: the fold of every contribution the batch makes to it. */
export interface EntityRow {
  slug: string;
  /** The first contributor's name: used only when the row is new. */
  name: string;
  /**
   * New rows: the aliases to insert. Stored rows: every name and alias the batch contributes, in
   * order, for the upsert to append to the stored aliases (minus the stored name).
   */
  aliases: string[];
  isNew: boolean;
  kind?: string;
  countryCode?: string;
  latitude?: number;
  longitude?: number;
  featureId?: string;
  description?: string;
}

export interface SourceRow {
  slug: string;
  name: string;
  domain?: string;
}

export interface PlannedDoc {
  doc: ArticleDocument;
  hash: string;
  /** The slug of the source the article gets. */
  source: string;
  /** Document slug → the slug of the row it is written to, per type. */
  targets: Record<'place' | NamedType, Map<string, string>>;
}

export interface Plan {
  docs: PlannedDoc[];
  sources: SourceRow[];
  places: EntityRow[];
  organizations: EntityRow[];
  people: EntityRow[];
  /** [child slug, parent slug]: parents to set on places that have none. */
  parents: Array<[string, string]>;
}

/**
 * Whether the bulk path writes this document exactly as writeDocument would. It covers what GKG
 * records hold (and plain JSON documents of the same shape); a document with declarations,
 * events, affiliations, Wikidata ids or entity links the fold does not model goes through
 * writeDocument instead.
 */
export function bulkWritable(doc: ArticleDocument): boolean {
  if (doc.declarations.length || doc.declarationRelations.length || doc.affiliations.length || doc.events.length) return false;
  if (doc.quotes.some((q) => q.settingOrganization !== undefined)) return false;
  if (doc.people.some((p) => p.wikidataId !== undefined || p.nationality !== undefined)) return false;
  if (doc.organizations.some((o) => o.wikidataId !== undefined || o.country !== undefined || o.parent !== undefined)) return false;
  return !doc.places.some((p) => p.wikidataId !== undefined);
}

/** Every slug and key the batch must look up (the input of the lookup queries). */
export function lookupKeys(docs: readonly ArticleDocument[]) {
  const names: Record<NamedType, Map<string, Set<string>>> = { person: new Map(), organization: new Map() };
  const placeSlugs = new Set<string>();
  const features = new Set<string>();
  const countryCodes = new Set<string>();
  const sourceSlugs = new Set<string>();
  const domains = new Set<string>();
  for (const doc of docs) {
    for (const [type, list] of [['person', doc.people], ['organization', doc.organizations]] as const) {
      for (const e of list) {
        const set = names[type].get(e.slug) ?? names[type].set(e.slug, new Set()).get(e.slug)!;
        set.add(e.name);
        for (const a of e.aliases) set.add(a);
      }
    }
    for (const p of doc.places) {
      placeSlugs.add(p.slug);
      if (p.featureId) {
        features.add(p.featureId);
        placeSlugs.add(featureSlug(p.slug, p.featureId));
      }
      if (p.kind === 'COUNTRY' && p.countryCode) countryCodes.add(p.countryCode);
    }
    sourceSlugs.add(doc.article.source.slug);
    if (doc.article.source.domain) domains.add(doc.article.source.domain);
  }
  return { names, placeSlugs: [...placeSlugs], features: [...features], countryCodes: [...countryCodes], sourceSlugs: [...sourceSlugs], domains: [...domains] };
}

/** Two features with one name keep apart: the second gets its feature id appended (resolve.ts). */
export function featureSlug(slug: string, featureId: string): string {
  return `${slug}-${slugify(featureId)}`.slice(0, 120).replace(/-+$/, '');
}

export function planBatch(docs: ReadonlyArray<{ doc: ArticleDocument; hash: string }>, lookups: Lookups): Plan {
  const sources = new SourceFold(lookups.sources);
  const places = new PlaceFold(lookups.places);
  const named = { person: new EntityFold(lookups.stored.person), organization: new EntityFold(lookups.stored.organization) };
  const planned: PlannedDoc[] = docs.map(({ doc, hash }) => {
    const targets: PlannedDoc['targets'] = { place: places.add(doc.places), person: new Map(), organization: new Map() };
    for (const type of ['person', 'organization'] as const) {
      const redirects = lookups.redirects[type];
      for (const e of type === 'person' ? doc.people : doc.organizations) {
        const target = redirects.get(e.slug) ?? e.slug;
        targets[type].set(e.slug, target);
        named[type].add(target, e);
      }
    }
    return { doc, hash, source: sources.add(doc.article.source), targets };
  });
  return {
    docs: planned,
    sources: sources.rows(),
    places: places.rows(),
    organizations: named.organization.rows(),
    people: named.person.rows(),
    parents: places.parents,
  };
}

const bySlug = (a: { slug: string }, b: { slug: string }) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);

/** Rows of one entity table, folded contribution by contribution (names first-stays, aliases accumulate). */
class EntityFold {
  private readonly byTarget = new Map<string, EntityRow & { names: string[]; seen: Set<string> }>();

  constructor(private readonly stored: ReadonlySet<string>) {}

  add(target: string, e: { name: string; aliases: readonly string[]; kind?: string; description?: string }): void {
    let row = this.byTarget.get(target);
    if (!row) {
      row = { slug: target, name: e.name, aliases: [], isNew: !this.stored.has(target), names: [], seen: new Set() };
      this.byTarget.set(target, row);
    }
    // writeDocument appends the document's aliases, then its name, to the row's aliases.
    for (const n of [...e.aliases.filter((a) => a !== e.name), e.name]) {
      if (row.seen.has(n)) continue;
      row.seen.add(n);
      row.names.push(n);
    }
    if (e.kind !== undefined && e.kind !== 'OTHER' && (row.kind === undefined || row.kind === 'OTHER')) row.kind = e.kind;
    row.description ??= e.description;
  }

  rows(): EntityRow[] {
    return [...this.byTarget.values()]
      .map(({ names, seen: _seen, ...row }) => ({ ...row, aliases: row.isNew ? names.filter((n) => n !== row.name) : names }))
      .sort(bySlug);
  }
}

interface PlaceState {
  order: number;
  featureId: string | null;
  kind: string;
  countryCode: string | null;
  parentSlug: string | null;
  hasParent: boolean;
}

type DocPlace = ArticleDocument['places'][number];

/** Places: resolution by feature id and country code against stored and batch-written places. */
class PlaceFold {
  private readonly state = new Map<string, PlaceState>();
  private readonly byFeature = new Map<string, string>();
  private readonly countries = new Map<string, Set<string>>();
  private readonly entity: EntityFold;
  private readonly fields = new Map<string, EntityRow>();
  private readonly stored = new Set<string>();
  private next = 0;
  readonly parents: Array<[string, string]> = [];

  constructor(stored: readonly StoredPlace[]) {
    for (const p of [...stored].sort((a, b) => a.id - b.id)) {
      this.stored.add(p.slug);
      this.state.set(p.slug, {
        order: this.next++, featureId: p.feature_id, kind: p.kind, countryCode: p.country_code, parentSlug: p.parent_slug, hasParent: p.has_parent,
      });
      this.index(p.slug);
    }
    this.entity = new EntityFold(this.stored);
  }

  /** One document's places: resolve (against the state before it), write, then link parents. */
  add(places: readonly DocPlace[]): Map<string, string> {
    const targets = new Map<string, string>();
    for (const p of places) targets.set(p.slug, this.resolve(p) ?? p.slug);
    for (const p of places) this.write(targets.get(p.slug)!, p);
    for (const p of places) {
      if (!p.parent) continue;
      const child = targets.get(p.slug)!;
      const parent = targets.get(p.parent)!;
      const s = this.state.get(child)!;
      if (s.hasParent || this.isAncestor(child, parent)) continue;
      s.hasParent = true;
      s.parentSlug = parent;
      this.parents.push([child, parent]);
    }
    return targets;
  }

  rows(): EntityRow[] {
    return this.entity.rows().map((r) => ({ ...r, ...this.fields.get(r.slug), isNew: r.isNew, name: r.name, aliases: r.aliases, slug: r.slug }));
  }

  private resolve(p: DocPlace): string | undefined {
    if (p.featureId === undefined && !(p.kind === 'COUNTRY' && p.countryCode !== undefined)) return undefined;
    const own = this.state.get(p.slug);
    const byFeature = p.featureId ? this.byFeature.get(p.featureId) : undefined;
    if (byFeature) return byFeature;
    if (p.featureId && own?.featureId && own.featureId !== p.featureId) return featureSlug(p.slug, p.featureId);
    if (p.kind === 'COUNTRY' && p.countryCode && !own) {
      const candidates = [...(this.countries.get(p.countryCode) ?? [])];
      if (candidates.includes(p.slug)) return p.slug;
      candidates.sort((a, b) => this.state.get(a)!.order - this.state.get(b)!.order);
      return candidates[0];
    }
    return undefined;
  }

  /** The upsert's fill-in rules (upsertPlaces): a stored value stays, a missing one is filled. */
  private write(target: string, p: DocPlace): void {
    let s = this.state.get(target);
    if (!s) {
      s = { order: this.next++, featureId: null, kind: 'OTHER', countryCode: null, parentSlug: null, hasParent: false };
      this.state.set(target, s);
    }
    s.featureId ??= p.featureId ?? null;
    if (s.kind === 'OTHER' && p.kind) s.kind = p.kind;
    s.countryCode ??= p.countryCode ?? null;
    this.index(target);
    this.entity.add(target, p);
    const f = this.fields.get(target) ?? this.fields.set(target, { slug: target, name: p.name, aliases: [], isNew: false }).get(target)!;
    if (p.kind !== undefined && p.kind !== 'OTHER' && (f.kind === undefined || f.kind === 'OTHER')) f.kind = p.kind;
    f.countryCode ??= p.countryCode;
    f.featureId ??= p.featureId;
    if (f.latitude === undefined && f.longitude === undefined && (p.latitude !== undefined || p.longitude !== undefined)) {
      f.latitude = p.latitude;
      f.longitude = p.longitude;
    }
  }

  private index(slug: string): void {
    const s = this.state.get(slug)!;
    if (s.featureId && !this.byFeature.has(s.featureId)) this.byFeature.set(s.featureId, slug);
    if (s.kind === 'COUNTRY' && s.countryCode) {
      const set = this.countries.get(s.countryCode) ?? this.countries.set(s.countryCode, new Set()).get(s.countryCode)!;
      set.add(slug);
    }
  }

  /** linkParent refuses a parent that would put the place inside itself. */
  private isAncestor(child: string, parent: string): boolean {
    const seen = new Set<string>();
    for (let up: string | null | undefined = parent; up; up = this.state.get(up)?.parentSlug) {
      if (up === child) return true;
      if (seen.has(up)) return false;
      seen.add(up);
    }
    return false;
  }
}

/** Sources: one per domain (resolve.ts sourceByDomain), else upserted by slug, domain filled in. */
class SourceFold {
  private readonly bySlug = new Map<string, { order: number; domain: string | null }>();
  private readonly byDomain = new Map<string, string>();
  private readonly upserts = new Map<string, SourceRow>();
  private next = 0;

  constructor(stored: readonly StoredSource[]) {
    for (const s of [...stored].sort((a, b) => a.id - b.id)) {
      this.bySlug.set(s.slug, { order: this.next++, domain: s.domain });
      if (s.domain && !this.byDomain.has(s.domain)) this.byDomain.set(s.domain, s.slug);
    }
  }

  add(source: ArticleDocument['article']['source']): string {
    if (source.domain && !this.bySlug.has(source.slug)) {
      const same = this.byDomain.get(source.domain);
      if (same) return same;
    }
    let s = this.bySlug.get(source.slug);
    if (!s) this.bySlug.set(source.slug, (s = { order: this.next++, domain: null }));
    if (s.domain === null && source.domain) {
      s.domain = source.domain;
      const holder = this.byDomain.get(source.domain);
      if (!holder || this.bySlug.get(holder)!.order > s.order) this.byDomain.set(source.domain, source.slug);
    }
    const row = this.upserts.get(source.slug);
    if (!row) this.upserts.set(source.slug, { slug: source.slug, name: source.name, ...(source.domain ? { domain: source.domain } : {}) });
    else row.domain ??= source.domain;
    return source.slug;
  }

  rows(): SourceRow[] {
    return [...this.upserts.values()].sort(bySlug);
  }
}
