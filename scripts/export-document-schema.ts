/**
 * Writes docs/article-document.schema.json from the zod schema in src/document/document.ts.
 *
 *   npx tsx scripts/export-document-schema.ts           # write
 *   npx tsx scripts/export-document-schema.ts --check   # exit 1 when the committed file is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderDocumentJsonSchema } from '../src/document/jsonSchema.js';

export const SCHEMA_FILE = fileURLToPath(new URL('../docs/article-document.schema.json', import.meta.url));

const text = renderDocumentJsonSchema();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    // missing: a difference like any other
  }
  if (committed !== text) {
    console.error(`${SCHEMA_FILE} is stale: run npx tsx scripts/export-document-schema.ts`);
    process.exit(1);
  }
  console.log('JSON Schema is up to date');
} else {
  writeFileSync(SCHEMA_FILE, text);
  console.log(`wrote ${SCHEMA_FILE}`);
}
