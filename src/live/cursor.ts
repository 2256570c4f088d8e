/**
 * Positions in the change feed, and the cursors that carry them. An article event's position is
 * its change number; a mention event's is (change number, mention id), since one change can carry
 * several mentions. Cursors are opaque base64url JSON like connection cursors.
 */
import type { Reader } from '../db/reader.js';
import { badUserInput } from '../lib/errors.js';
import { changeOfArticle } from '../services/changes.js';

export type Position = readonly [seq: bigint, sub: number];

export const START: Position = [0n, 0];

export function after(a: Position, b: Position): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

export function encodePosition(kind: 'article' | 'mention', pos: Position): string {
  const values = kind === 'article' ? [pos[0].toString()] : [pos[0].toString(), pos[1]];
  return Buffer.from(JSON.stringify([`live:${kind}`, ...values]), 'utf8').toString('base64url');
}

function decode(cursor: string): unknown[] | null {
  if (cursor.length > 1024 || !/^[A-Za-z0-9_-]*$/.test(cursor)) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const SEQ = /^\d{1,19}$/;

/**
 * Where an `articlePublished(after:)` resumes: after an earlier event, or after the last change of
 * the article an `articles` connection cursor points at. Absent: from now on (null).
 */
export async function articleResumePoint(reader: Reader, cursor: string | null | undefined): Promise<Position | null> {
  if (cursor == null) return null;
  const values = decode(cursor);
  if (values?.[0] === 'live:article' && typeof values[1] === 'string' && SEQ.test(values[1])) return [BigInt(values[1]), 0];
  const last = values?.at(-1);
  if (typeof values?.[0] === 'string' && values[0].startsWith('article:') && Number.isInteger(last)) {
    const seq = await changeOfArticle(reader, last as number);
    return [seq ?? 0n, 0];
  }
  throw badUserInput('after', 'is not a cursor of an articlePublished event or of an articles connection');
}

/** Where an `entityMentioned(after:)` resumes; absent: from now on (null). */
export function mentionResumePoint(cursor: string | null | undefined): Position | null {
  if (cursor == null) return null;
  const values = decode(cursor);
  if (values?.[0] === 'live:mention' && typeof values[1] === 'string' && SEQ.test(values[1]) && Number.isInteger(values[2])) {
    return [BigInt(values[1]), values[2] as number];
  }
  throw badUserInput('after', 'is not a cursor of an entityMentioned event');
}
