/** COPY … FROM STDIN in Postgres' text format, for the bulk writer and the benchmark's floor. */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export type CopyValue = string | number | boolean | null | undefined;

/** One field in COPY text format: `\N` for null; backslash, tab, newline and CR escaped. */
export function copyField(v: CopyValue): string {
  if (typeof v === 'number') return String(v);
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'boolean') return v ? 't' : 'f';
  const s = String(v);
  return /[\\\t\n\r]/.test(s) ? s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : s;
}

/** Streams rows into `table (columns)` with one COPY; returns how many were sent. */
export async function copyRows(client: pg.ClientBase, table: string, columns: readonly string[], rows: Iterable<readonly CopyValue[]>): Promise<number> {
  let count = 0;
  function* chunks(): Generator<string> {
    let buf = '';
    for (const row of rows) {
      count++;
      // Appended field by field: the writer's main thread builds every row (no arrays per row).
      buf += copyField(row[0]);
      for (let i = 1; i < row.length; i++) buf += '\t' + copyField(row[i]);
      buf += '\n';
      // Chunks of ~64 KB: few writes, bounded memory.
      if (buf.length > 65_536) {
        yield buf;
        buf = '';
      }
    }
    if (buf) yield buf;
  }
  const cols = columns.map((c) => `"${c}"`).join(', ');
  const sink = client.query(copyFrom(`COPY ${table} (${cols}) FROM STDIN`));
  await pipeline(Readable.from(chunks()), sink);
  return count;
}
