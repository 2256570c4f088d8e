/**
 * Names of people, organizations and places as feeds print them, and the keys and slugs that make
 * two spellings of one name meet. `nameKey` mirrors the SQL function newsgraph_name_key (the
 * gkg_ingest migration), so a slug derived here and a stored name matched there agree.
 */
import { createHash } from 'node:crypto';

/**
 * Keys and slugs already computed, by name. Importers meet the same names over and over (the
 * popular ones are in one record of ten) and folding a name (NFKD, Unicode regexes) was a tenth
 * of a GKG record's parse time. Bounded: emptied when full, as a stream of new names would fill it.
 */
const REMEMBERED = 50_000;
const keys = new Map<string, string>();
const slugs = new Map<string, string>();

function remembered(cache: Map<string, string>, name: string, compute: (name: string) => string): string {
  let value = cache.get(name);
  if (value === undefined) {
    if (cache.size >= REMEMBERED) cache.clear();
    value = compute(name);
    cache.set(name, value);
  }
  return value;
}

/** Letters NFKD does not decompose but unaccent folds (Postgres' unaccent rules). */
const FOLD: Record<string, string> = {
  ø: 'o', Ø: 'o', ł: 'l', Ł: 'l', đ: 'd', Đ: 'd', ð: 'd', Ð: 'd', þ: 'th', Þ: 'th',
  ß: 'ss', æ: 'ae', Æ: 'ae', œ: 'oe', Œ: 'oe', ı: 'i', ħ: 'h', Ħ: 'h',
};

/** Lowercase, without accents: "Erdoğan" → "erdogan". */
export function fold(s: string): string {
  return s
    .replace(/[øØłŁđĐðÐþÞßæÆœŒıħĦ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/**
 * The key two spellings of one name share: folded, apostrophes and dots dropped ("O'Neill" =
 * "ONeill", "J.K." = "JK"), every other run of non-letters-or-digits one space, trimmed.
 */
export function nameKey(name: string): string {
  return remembered(keys, name, computeNameKey);
}

function computeNameKey(name: string): string {
  return fold(name)
    .replace(/['’.]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** At least two words: a lone surname or first name never identifies a person. */
export function isMultiWord(key: string): boolean {
  return key.includes(' ');
}

const SLUG_MAX = 120;

/**
 * A document slug from a name: its key in ASCII kebab case ("Recep Tayyip Erdoğan" →
 * "recep-tayyip-erdogan"). A name with no Latin letters or digits (a Devanagari name) gets a
 * stable hash of its key instead, so it still has one slug everywhere.
 */
export function slugify(name: string): string {
  return remembered(slugs, name, computeSlug);
}

function computeSlug(name: string): string {
  const slug = nameKey(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX)
    .replace(/-+$/, '');
  if (slug) return slug;
  return `n-${createHash('sha256').update(nameKey(name) || name).digest('hex').slice(0, 12)}`;
}

/**
 * A display name from what a feed gives: words entirely in lowercase get a capital first letter
 * ("richard worley" → "Richard Worley"), and so do names entirely in capitals; words with any capital are kept as printed ("McDonald",
 * "DeSantis"), and so are short connecting words inside a name ("bin", "de", "van").
 */
export function displayName(name: string): string {
  const trimmed = name.trim();
  // A name all in capitals ("HOLLY RAMER", a byline style) carries no case information either.
  const shouted = trimmed === trimmed.toUpperCase() && trimmed !== trimmed.toLowerCase() && trimmed.length > 3;
  const words = (shouted ? trimmed.toLowerCase() : trimmed).split(/\s+/);
  return words
    .map((w, i) => {
      if (w !== w.toLowerCase()) return w;
      if (i > 0 && i < words.length - 1 && PARTICLES.has(w)) return w;
      return w.replace(/^(\p{L})/u, (c) => c.toUpperCase()).replace(/([-'’]\p{L})/gu, (c) => c.toUpperCase());
    })
    .join(' ');
}

const PARTICLES = new Set(['bin', 'bint', 'de', 'del', 'della', 'der', 'di', 'da', 'du', 'la', 'le', 'van', 'von', 'y', 'al', 'el', 'of', 'and', 'the']);
