/**
 * Generated GDELT GKG 2.1 input at scale: `npm run db:generate -- --format gkg --records N
 * [--out DIR] [--seed S] [--per-file K] [--start YYYYMMDDHHMMSS]`.
 *
 * Files in GDELT's layout (27 tab-separated columns, no header, one record a line, named
 * `<YYYYMMDDHHMMSS>.gkg.csv`, K records per file, each file 15 minutes after the previous one),
 * shaped like the real batch (../shared/data/gdelt-gkg, 856 records): about 4 person and 3
 * organization entries, 9 location entries (countries, US states and cities, world cities, with
 * GDELT's feature ids and coordinates), 40 themes, all with character offsets; tone; a quotation
 * in one record of three; page titles and, in half the records, authors; and GCAM, counts and
 * names columns of real length, which the importer reads and skips. Entities are drawn from pools
 * that grow with N by a Zipf law, so a few names are in many records and most in one or two, as in
 * the real batch. Record ids and URLs are unique, and the same N, seed and start give the same
 * bytes. Files are written as they are generated: memory does not grow with N.
 */
import { createWriteStream, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { COUNTRIES, organizationName, personName, QUOTE_VERBS, sourceDomain, syllableWord, THEMES, US_STATES, WORDS } from './gkgPools.js';
import { int, pick, prng, zipf, type Rand } from './random.js';

export interface GkgOptions {
  records: number;
  outDir: string;
  seed?: number;
  /** Records per file (a 15-minute batch); default 2500. */
  perFile?: number;
  /** The first batch's timestamp, YYYYMMDDHHMMSS (UTC); default 20230701000000. */
  start?: string;
}

export interface GkgResult {
  files: string[];
  records: number;
  bytes: number;
}

export const DEFAULT_PER_FILE = 2500;
const DEFAULT_START = '20230701000000';
const BATCH_MS = 15 * 60 * 1000;

/** Writes the files; resolves when every byte is on disk. */
export async function generateGkg(opts: GkgOptions): Promise<GkgResult> {
  const perFile = opts.perFile ?? DEFAULT_PER_FILE;
  const gen = new GkgGenerator(opts.records, opts.seed ?? 1);
  const start = parseStamp(opts.start ?? DEFAULT_START);
  mkdirSync(opts.outDir, { recursive: true });
  const files: string[] = [];
  let bytes = 0;
  for (let first = 0; first < opts.records; first += perFile) {
    const stamp = formatStamp(new Date(start.getTime() + (first / perFile) * BATCH_MS));
    const file = path.join(opts.outDir, `${stamp}.gkg.csv`);
    const count = Math.min(perFile, opts.records - first);
    bytes += await writeFile(file, (n) => gen.line(stamp, n, first + n), count);
    files.push(file);
  }
  return { files, records: opts.records, bytes };
}

/** Streams `count` lines into `file`, ~256 KB per write, waiting for the stream when it is full. */
async function writeFile(file: string, line: (n: number) => string, count: number): Promise<number> {
  const out = createWriteStream(file);
  let buf = '';
  let bytes = 0;
  for (let n = 0; n < count; n++) {
    buf += line(n) + '\n';
    if (buf.length > 262_144) {
      bytes += Buffer.byteLength(buf);
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  bytes += Buffer.byteLength(buf);
  out.end(buf);
  await once(out, 'finish');
  return bytes;
}

function parseStamp(s: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (!m) throw new Error(`--start: expected YYYYMMDDHHMMSS, got ${JSON.stringify(s)}`);
  return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}

function formatStamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

interface Entry {
  name: string;
  offset: number;
}

/** A location entry in V2Locations' 9 fields, less the offset. */
interface Location {
  type: number;
  fullName: string;
  fips: string;
  adm1: string;
  adm2: string;
  lat: string;
  long: string;
  featureId: string;
}

/** One record after another, from one seeded stream: the n-th line depends only on the seed and the lines before it. */
export class GkgGenerator {
  private readonly r: Rand;
  private readonly person: () => number;
  private readonly organization: () => number;
  private readonly city: () => number;
  private readonly source: () => number;
  private readonly theme: () => number;
  private readonly country: () => number;

  constructor(records: number, seed: number) {
    this.r = prng(seed);
    // Pool sizes grow with the input, as new names keep appearing in real news. With s = 0.8, 856
    // records name about 1,900 distinct people and the most popular is in one record of ten, as in
    // the real batch (1,913 people; Ajit Pawar in 97 records).
    this.person = zipf(this.r, Math.max(20_000, records * 2), 0.8);
    this.organization = zipf(this.r, Math.max(10_000, records), 0.8);
    this.city = zipf(this.r, Math.max(5_000, Math.round(records / 2)), 0.8);
    this.source = zipf(this.r, Math.max(300, Math.round(records / 200)), 0.9);
    this.theme = zipf(this.r, THEMES.length, 0.8);
    this.country = zipf(this.r, COUNTRIES.length, 1.2);
  }

  /** Record `n` of the batch `stamp`, the `index`-th of the whole run (which makes its URL unique). */
  line(stamp: string, n: number, index: number): string {
    const r = this.r;
    const words = Math.round(Math.exp(5.2 + r() * 2.2)); // ~180 to ~1600 words, like the batch's V2Tone word counts
    const length = words * 6;
    const domain = sourceDomain(this.source() - 1);
    const title = this.title();
    const people = this.entries(this.person, personName, 4.4, length);
    const orgs = this.entries(this.organization, organizationName, 3.1, length);
    const locations = this.locations(length);
    const themes = this.themes(length);
    const cells = [
      `${stamp}-${n}`, stamp, '1', domain, this.url(domain, title, stamp, index),
      '', '', // Counts, V2Counts: mostly empty in the batch
      [...new Set(themes.map((t) => t.name))].join(';'), themes.map((t) => `${t.name},${t.offset}`).join(';'),
      locations.map((l) => v1Location(l)).join(';'), locations.map((l) => v2Location(l)).join(';'),
      [...new Set(people.map((p) => p.name.toLowerCase()))].join(';'), people.map((p) => `${p.name},${p.offset}`).join(';'),
      [...new Set(orgs.map((o) => o.name.toLowerCase()))].join(';'), orgs.map((o) => `${o.name},${o.offset}`).join(';'),
      this.tone(words),
      '', // Dates
      this.gcam(words),
      `https://www.${domain}/images/${index}.jpg`, '', '', '',
      this.quotations(length),
      [...people, ...orgs].map((e) => `${e.name},${e.offset}`).join(';'),
      r() < 0.6 ? `${int(r, 2, 500)},people,${int(r, 0, length)};` : '',
      r() < 0.05 ? 'srclc:fra;eng:GT-FRA 1.0' : '',
      this.extras(title),
    ];
    return cells.join('\t');
  }

  /** About `mean` entries (a geometric count: most records have few, some dozens), each name one to three times. */
  private entries(draw: () => number, name: (i: number) => string, mean: number, length: number): Entry[] {
    const r = this.r;
    const out: Entry[] = [];
    const target = Math.min(60, Math.floor(-Math.log(1 - r()) * mean));
    while (out.length < target) {
      const n = name(draw() - 1);
      for (let k = r() < 0.3 ? int(r, 2, 3) : 1; k > 0 && out.length < target + 2; k--) out.push({ name: n, offset: int(r, 0, length) });
    }
    return out;
  }

  private locations(length: number): Array<Location & { offset: number }> {
    const r = this.r;
    const out: Array<Location & { offset: number }> = [];
    const count = Math.min(80, Math.floor(-Math.log(1 - r()) * 9));
    for (let i = 0; i < count; i++) {
      const u = r();
      const loc = u < 0.3 ? this.countryLocation() : u < 0.4 ? this.stateLocation() : this.cityLocation();
      out.push({ ...loc, offset: int(r, 0, length) });
    }
    return out;
  }

  private countryLocation(): Location {
    const c = COUNTRIES[this.country() - 1];
    return { type: 1, fullName: c.name, fips: c.fips, adm1: c.fips, adm2: '', lat: String(c.lat), long: String(c.long), featureId: c.fips };
  }

  private stateLocation(): Location {
    const [code, name, lat, long] = pick(this.r, US_STATES);
    return { type: 2, fullName: `${name}, United States`, fips: 'US', adm1: `US${code}`, adm2: '', lat: String(lat), long: String(long), featureId: code };
  }

  /** City i: a US city (type 3, positive GNIS id) for every fourth, else a world city (type 4, negative GNS id), always the same. */
  private cityLocation(): Location {
    const i = this.city() - 1;
    const name = syllableWord(i, 2);
    const jitter = (i * 7919) % 1000 / 1000;
    if (i % 4 === 0) {
      const [code, state, lat, long] = US_STATES[i % US_STATES.length];
      return {
        type: 3, fullName: `${name}, ${state}, United States`, fips: 'US', adm1: `US${code}`, adm2: `${code}${String(i % 1000).padStart(3, '0')}`,
        lat: (lat + jitter).toFixed(4), long: (long - jitter).toFixed(4), featureId: String(100_000 + i),
      };
    }
    const c = COUNTRIES[i % COUNTRIES.length];
    const region = syllableWord(i % 97, 3);
    return {
      type: 4, fullName: `${name}, ${region}, ${c.name}`, fips: c.fips, adm1: `${c.fips}${String(i % 97).padStart(2, '0')}`, adm2: String(40_000 + (i % 997)),
      lat: (c.lat + jitter * 3).toFixed(4), long: (c.long + jitter * 3).toFixed(4), featureId: String(-(1_000_000 + i)),
    };
  }

  private themes(length: number): Entry[] {
    const count = Math.min(400, Math.floor(-Math.log(1 - this.r()) * 40));
    return Array.from({ length: count }, () => ({ name: THEMES[this.theme() - 1], offset: int(this.r, 0, length) }));
  }

  private tone(words: number): string {
    const r = this.r;
    const positive = r() * 6;
    const negative = r() * 8;
    const f = (x: number) => String(Math.round(x * 1e6) / 1e6);
    return [f(positive - negative), f(positive), f(negative), f(positive + negative), f(15 + r() * 15), f(r() * 3), String(words)].join(',');
  }

  /** GCAM: `wc:N,cX.Y:N,…`, about 900 entries (the batch's median is 955). */
  private gcam(words: number): string {
    const r = this.r;
    const parts = [`wc:${words}`];
    const count = int(r, 600, 1200);
    for (let i = 0; i < count; i++) parts.push(`c${1 + (i >> 6)}.${1 + (i & 63)}:${int(r, 1, 60)}`);
    return parts.join(',');
  }

  /** Most records have no quotation; one in three has one to four. */
  private quotations(length: number): string {
    const r = this.r;
    if (r() < 0.68) return '';
    const count = int(r, 1, 4);
    return Array.from({ length: count }, () => {
      const text = this.sentence(int(r, 5, 25));
      return `${int(r, 0, length)}|${text.length}|${pick(r, QUOTE_VERBS)}|${text}`;
    }).join('#');
  }

  private extras(title: string): string {
    const authors = this.r() < 0.45 ? `<PAGE_AUTHORS>${personName(this.person() - 1)}</PAGE_AUTHORS>` : '';
    return `<PAGE_TITLE>${title}</PAGE_TITLE>${authors}`;
  }

  private title(): string {
    const s = this.sentence(int(this.r, 5, 12));
    return s[0].toUpperCase() + s.slice(1);
  }

  private sentence(n: number): string {
    return Array.from({ length: n }, () => pick(this.r, WORDS)).join(' ');
  }

  private url(domain: string, title: string, stamp: string, index: number): string {
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
    return `https://www.${domain}/news/${stamp.slice(0, 8)}/${slug}-${index}/`;
  }
}

function v1Location(l: Location): string {
  return [l.type, l.fullName, l.fips, l.adm1, l.lat, l.long, l.featureId].join('#');
}

function v2Location(l: Location & { offset: number }): string {
  return [l.type, l.fullName, l.fips, l.adm1, l.adm2, l.lat, l.long, l.featureId, l.offset].join('#');
}

/** The `--format gkg` branch of `npm run db:generate`. */
export async function runGkgCli(values: { records?: string; out?: string; seed?: string; 'per-file'?: string; start?: string; quiet?: boolean }): Promise<void> {
  const records = Number(values.records ?? '10000');
  if (!Number.isInteger(records) || records < 1) throw new Error('--records must be a positive integer');
  const seed = Number(values.seed ?? '1');
  const perFile = values['per-file'] ? Number(values['per-file']) : DEFAULT_PER_FILE;
  if (!Number.isInteger(perFile) || perFile < 1) throw new Error('--per-file must be a positive integer');
  const outDir = values.out ?? path.join(os.tmpdir(), `newsgraph-gkg-${records}-s${seed}`);
  const t0 = Date.now();
  const res = await generateGkg({ records, outDir, seed, perFile, start: values.start });
  const seconds = (Date.now() - t0) / 1000;
  console.log(
    `db:generate --format gkg: ${records} records in ${res.files.length} files under ${outDir} ` +
      `(${(res.bytes / 1e6).toFixed(0)} MB) in ${seconds.toFixed(1)} s`,
  );
}
