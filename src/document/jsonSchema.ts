/**
 * The article document format as JSON Schema (draft 2020-12), generated from the zod schema so the
 * two cannot drift: docs/article-document.schema.json is this output, checked by a test.
 *
 * JSON Schema cannot express the whole-document rules (references resolve, evidence equals
 * body.slice(start, end), no parent cycles); it describes the shape, and parseArticleDocument is
 * the full check.
 */
import { z } from 'zod';
import { articleDocumentSchema } from './document.js';

export const SCHEMA_ID = 'https://newsgraph.dev/schemas/article-document-v1.json';

export function documentJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(articleDocumentSchema, {
    target: 'draft-2020-12',
    // Describe what a writer may send: fields with defaults are optional.
    io: 'input',
    // Schemas with an id (Evidence, Place, ...) go to $defs once; the rest are inlined.
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, $id: SCHEMA_ID, ...rest };
}

/** The committed file's exact text. */
export function renderDocumentJsonSchema(): string {
  return `${JSON.stringify(documentJsonSchema(), null, 2)}\n`;
}
