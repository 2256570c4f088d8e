/**
 * GDELT's listings, `lastupdate.txt` and `masterfilelist.txt`: one file a line, as
 * `size md5 url` separated by spaces. Only the GKG lines (`….gkg.csv.zip`) matter here; a batch is
 * named by the 14-digit UTC timestamp that starts its file name (`20230702153000`).
 */
import path from 'node:path';

export interface BatchEntry {
  /** `YYYYMMDDHHMMSS`, UTC; sorts as time does. */
  batch: string;
  size: number;
  md5: string;
  url: string;
}

const GKG_FILE = /^(\d{14})\.gkg\.csv\.zip$/i;

/**
 * The GKG entry of one listing line, or undefined for any other line. The real master list holds
 * a few broken lines (a missing size, a truncated URL), so a line that doesn't parse is skipped
 * rather than failing the whole listing.
 */
export function parseListingLine(line: string): BatchEntry | undefined {
  const parts = line.trim().split(/\s+/);
  if (parts.length !== 3) return undefined;
  const [sizeText, md5, url] = parts;
  if (!/^\d+$/.test(sizeText) || !/^[0-9a-f]{32}$/i.test(md5)) return undefined;
  const match = GKG_FILE.exec(path.posix.basename(url.split(/[?#]/)[0]));
  if (!match) return undefined;
  return { batch: match[1], size: Number(sizeText), md5: md5.toLowerCase(), url };
}

/** The GKG entries of a listing's text, oldest first (one per batch: a later line wins). */
export function parseListing(text: string): BatchEntry[] {
  return sortEntries(text.split('\n').map(parseListingLine).filter((e): e is BatchEntry => e !== undefined));
}

/** One entry per batch, the last seen winning (a republished batch), oldest first. */
export function sortEntries(entries: Iterable<BatchEntry>): BatchEntry[] {
  const byBatch = new Map<string, BatchEntry>();
  for (const e of entries) byBatch.set(e.batch, e);
  return [...byBatch.values()].sort((a, b) => (a.batch < b.batch ? -1 : a.batch > b.batch ? 1 : 0));
}

/**
 * A `--since` bound as a batch timestamp: a GDELT timestamp (`20261130000000`, or a shorter
 * prefix such as `20261130`) or an ISO date/time (`2026-11-30`, `2026-11-30T00:00Z`). Undefined
 * when it is neither.
 */
export function parseSince(value: string): string | undefined {
  const v = value.trim();
  if (/^\d{8,14}$/.test(v) && v.length % 2 === 0) return v.padEnd(14, '0');
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(v) || !v.includes('T') ? v : `${v}Z`);
  return Number.isNaN(ms) ? undefined : batchOf(new Date(ms));
}

/** The batch timestamp of a moment (UTC). */
export function batchOf(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** The moment a batch timestamp names. */
export function batchTime(batch: string): Date {
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((i) => batch.slice(i, i + (i === 0 ? 4 : 2)));
  return new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`);
}

/** GDELT publishes a GKG batch every 15 minutes. */
export const BATCH_SPACING_MS = 15 * 60 * 1000;
