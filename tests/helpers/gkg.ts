/** The GDELT GKG sample batch, and GKG lines built from it for tests. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { GKG_COLUMNS, type GkgColumn } from '../../src/import/gkg/fields.js';

// A copy of ../shared/data/gdelt-gkg (see its SOURCES.md), kept in the repository so the tests run
// on a machine that has only this clone; gzipped, which the importer reads as it is.
export const GKG_FILE = fileURLToPath(new URL('../fixtures/gdelt/20230702153000.gkg.import.tsv.gz', import.meta.url));

let lines: string[] | undefined;

/** The 856 records of the sample batch, one line each. */
export function gkgLines(): string[] {
  lines ??= gunzipSync(readFileSync(GKG_FILE)).toString('utf8').split('\n').filter((l) => l !== '');
  return lines;
}

/** The columns of one sample line, by name. */
export function gkgColumns(line: string): Record<GkgColumn, string> {
  const cells = line.split('\t');
  return Object.fromEntries(GKG_COLUMNS.map((c, i) => [c, cells[i]])) as Record<GkgColumn, string>;
}

/** A GKG line: the first sample record with some columns replaced. */
export function gkgLine(overrides: Partial<Record<GkgColumn, string>> = {}, base = gkgLines()[0]): string {
  const row = { ...gkgColumns(base), ...overrides };
  return GKG_COLUMNS.map((c) => row[c]).join('\t');
}
