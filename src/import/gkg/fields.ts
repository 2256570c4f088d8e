/**
 * Parsers for the fields of one GDELT GKG 2.1 record (column definitions:
 * ../shared/data/gdelt-gkg/gkg21_column_definitions.csv). A malformed field that the article
 * cannot do without throws FieldError (the record is rejected); a malformed entry of a list
 * (one person, one location) is reported as a warning and skipped, so one garbled location does
 * not cost the article.
 */
import { decodeHTML } from 'entities';
import type { RecordIssue } from '../records.js';

export const GKG_COLUMNS = [
  'GKGRECORDID', 'DATE', 'SourceCollectionIdentifier', 'SourceCommonName', 'DocumentIdentifier', 'Counts', 'V2Counts',
  'Themes', 'V2Themes', 'Locations', 'V2Locations', 'Persons', 'V2Persons', 'Organizations', 'V2Organizations', 'V2Tone',
  'Dates', 'GCAM', 'SharingImage', 'RelatedImages', 'SocialImageEmbeds', 'SocialVideoEmbeds', 'Quotations', 'AllNames',
  'Amounts', 'TranslationInfo', 'Extras',
] as const;

export type GkgColumn = (typeof GKG_COLUMNS)[number];
export type GkgRow = Record<GkgColumn, string>;

export class FieldError extends Error {
  override name = 'FieldError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Splits a line into its 27 named columns. */
export function splitRow(line: string): GkgRow {
  const cells = line.split('\t');
  if (cells.length !== GKG_COLUMNS.length) {
    throw new FieldError('record', `expected ${GKG_COLUMNS.length} tab-separated columns, got ${cells.length}`);
  }
  return Object.fromEntries(GKG_COLUMNS.map((c, i) => [c, cells[i]])) as GkgRow;
}

export function parseRecordId(value: string): string {
  if (!/^\d{14}-T?\d+$/.test(value)) throw new FieldError('GKGRECORDID', `expected YYYYMMDDHHMMSS-N or YYYYMMDDHHMMSS-TN, got ${JSON.stringify(value)}`);
  return value;
}

/** YYYYMMDDHHMMSS (UTC) → ISO 8601 date-time. */
export function parseDate(value: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) throw new FieldError('DATE', `expected YYYYMMDDHHMMSS, got ${JSON.stringify(value)}`);
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 19) !== iso.slice(0, 19)) {
    throw new FieldError('DATE', `${value} is not a real date and time`);
  }
  return iso;
}

export interface Tone {
  tone: number;
  positive: number;
  negative: number;
  polarity: number;
  activityDensity: number;
  selfGroupDensity: number;
  wordCount: number;
}

/** Seven numbers: tone, positive, negative, polarity, activity density, self/group density, word count. */
export function parseTone(value: string): Tone | undefined {
  if (value === '') return undefined;
  const parts = value.split(',');
  const nums = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 7 || nums.some((n) => !Number.isFinite(n))) {
    throw new FieldError('V2Tone', `expected 7 comma-separated numbers, got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value)}`);
  }
  const [tone, positive, negative, polarity, activityDensity, selfGroupDensity, wordCount] = nums;
  if (!Number.isInteger(wordCount) || wordCount < 0) throw new FieldError('V2Tone', `word count (7th value) must be a whole number, got ${wordCount}`);
  return { tone, positive, negative, polarity, activityDensity, selfGroupDensity, wordCount };
}

export interface NameAt {
  name: string;
  offset: number;
}

/** `Name,offset;Name,offset` (V2Persons, V2Organizations, V2Themes). */
export function parseNamesWithOffsets(value: string, field: string, warnings: RecordIssue[]): NameAt[] {
  const out: NameAt[] = [];
  value.split(';').forEach((entry, i) => {
    if (entry === '') return;
    const comma = entry.lastIndexOf(',');
    const name = comma > 0 ? entry.slice(0, comma).trim() : '';
    const offset = comma > 0 ? Number(entry.slice(comma + 1)) : NaN;
    if (!name || !Number.isInteger(offset) || offset < 0) {
      warnings.push({ field: `${field}[${i}]`, message: `expected "name,offset", got ${JSON.stringify(entry)} (entry skipped)` });
      return;
    }
    out.push({ name, offset });
  });
  return out;
}

export interface GkgLocation {
  type: number;
  fullName: string;
  countryCode: string;
  adm1: string;
  latitude?: number;
  longitude?: number;
  featureId: string;
  offset: number;
}

const LOCATION_TYPES = new Set([1, 2, 3, 4, 5]);

/** `type#full name#country#ADM1#ADM2#lat#long#feature id#offset;…` */
export function parseLocations(value: string, warnings: RecordIssue[]): GkgLocation[] {
  const out: GkgLocation[] = [];
  value.split(';').forEach((entry, i) => {
    if (entry === '') return;
    const skip = (why: string) => warnings.push({ field: `V2Locations[${i}]`, message: `${why} (entry skipped)` });
    const p = entry.split('#');
    if (p.length !== 9) return skip(`expected 9 #-separated fields, got ${p.length}: ${JSON.stringify(entry)}`);
    const type = Number(p[0]);
    if (!LOCATION_TYPES.has(type)) return skip(`unknown location type ${JSON.stringify(p[0])} (expected 1-5)`);
    const offset = Number(p[8]);
    if (!p[1].trim() || !Number.isInteger(offset) || offset < 0) return skip(`expected a name and a character offset, got ${JSON.stringify(entry)}`);
    const lat = p[5] === '' ? NaN : Number(p[5]);
    const long = p[6] === '' ? NaN : Number(p[6]);
    const hasCoordinates = Number.isFinite(lat) && Number.isFinite(long) && Math.abs(lat) <= 90 && Math.abs(long) <= 180;
    out.push({
      type,
      fullName: p[1].trim(),
      countryCode: p[2].trim(),
      adm1: p[3].trim(),
      ...(hasCoordinates ? { latitude: lat, longitude: long } : {}),
      featureId: p[7].trim(),
      offset,
    });
  });
  return out;
}

export interface GkgQuote {
  offset: number;
  length: number;
  verb?: string;
  text: string;
}

/** `offset|length|verb|quote#…` */
export function parseQuotations(value: string, warnings: RecordIssue[]): GkgQuote[] {
  const out: GkgQuote[] = [];
  value.split('#').forEach((entry, i) => {
    if (entry === '') return;
    const p = entry.split('|');
    const offset = Number(p[0]);
    const length = Number(p[1]);
    const text = p.slice(3).join('|').replace(/\s+/g, ' ').trim();
    if (p.length < 4 || !Number.isInteger(offset) || offset < 0 || !Number.isInteger(length) || length < 0 || !text) {
      warnings.push({ field: `Quotations[${i}]`, message: `expected "offset|length|verb|quote", got ${JSON.stringify(entry.slice(0, 80))} (entry skipped)` });
      return;
    }
    const verb = p[2].trim();
    out.push({ offset, length, text: text.slice(0, 20_000), ...(verb ? { verb } : {}) });
  });
  return out;
}

/** The XML-ish Extras blocks (`<PAGE_TITLE>…</PAGE_TITLE>`), entity-decoded. */
export function parseExtras(value: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of value.matchAll(/<([A-Z0-9_]+)>([\s\S]*?)<\/\1>/g)) {
    if (!out.has(m[1])) out.set(m[1], clean(decodeHTML(m[2])));
  }
  return out;
}

/** Whitespace collapsed, and characters Postgres text cannot hold (NUL, lone surrogates) dropped. */
export function clean(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex -- NUL is exactly what must go: Postgres text cannot hold it
    .replace(/\u0000/g, '')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** ISO 639-2 (GDELT's srclc) → the two-letter code BCP 47 prefers, for the languages GDELT translates most. */
const LANGUAGE_2: Record<string, string> = {
  ara: 'ar', ben: 'bn', bul: 'bg', cat: 'ca', ces: 'cs', cze: 'cs', dan: 'da', deu: 'de', ger: 'de', ell: 'el', gre: 'el',
  eng: 'en', est: 'et', fas: 'fa', per: 'fa', fin: 'fi', fra: 'fr', fre: 'fr', heb: 'he', hin: 'hi', hrv: 'hr', hun: 'hu',
  hye: 'hy', arm: 'hy', ind: 'id', ita: 'it', jpn: 'ja', kat: 'ka', geo: 'ka', kor: 'ko', lav: 'lv', lit: 'lt', mal: 'ml',
  mar: 'mr', msa: 'ms', may: 'ms', nld: 'nl', dut: 'nl', nor: 'no', pol: 'pl', por: 'pt', ron: 'ro', rum: 'ro', rus: 'ru',
  slk: 'sk', slo: 'sk', slv: 'sl', spa: 'es', sqi: 'sq', alb: 'sq', srp: 'sr', swe: 'sv', tam: 'ta', tel: 'te', tha: 'th',
  tur: 'tr', ukr: 'uk', urd: 'ur', vie: 'vi', zho: 'zh', chi: 'zh', aze: 'az', kaz: 'kk', uzb: 'uz', mkd: 'mk', mac: 'mk',
  bos: 'bs', afr: 'af', swa: 'sw', pan: 'pa', guj: 'gu', kan: 'kn', nep: 'ne', sin: 'si', mya: 'my', bur: 'my', khm: 'km',
};

/** The source language of a translated document ("srclc:fra; eng:…" → "fr"); English otherwise. */
export function parseLanguage(value: string): string {
  const m = /srclc:\s*([a-z]{2,3})\b/i.exec(value);
  if (!m) return 'en';
  const code = m[1].toLowerCase();
  return LANGUAGE_2[code] ?? code;
}
