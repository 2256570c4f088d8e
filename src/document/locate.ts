/**
 * `npm run document -- locate`: a document whose spans were written as text alone, rewritten with
 * the offsets the importer computes, so the file says exactly what will be stored.
 */
import { mapSpans, parseArticleDocument, type DocumentIssue, type SpanInput } from './document.js';
import { formatDocumentJson } from './format.js';
import { locateText } from './spans.js';

export type LocateResult = { ok: true; text: string; located: number } | { ok: false; issues: DocumentIssue[] };

/**
 * The document's JSON text with every text-only span given `start` and `end` (everything else as
 * written, laid out by formatDocumentJson). A document that does not validate is left alone.
 */
export function locateDocument(json: unknown): LocateResult {
  const parsed = parseArticleDocument(json);
  if (!parsed.ok) return parsed;
  const body = parsed.document.article.body;
  const { article, ...rest } = json as Record<string, unknown>;
  let located = 0;
  const rewritten = mapSpans(rest, [], (span: SpanInput) => {
    if (span.start !== undefined || span.text === undefined) return span as { start: number; end: number };
    // The document validated, so the text is found (and unambiguous, or its occurrence exists).
    const found = locateText(body, span.text, span.occurrence);
    if (!found.ok) throw new Error(`unreachable: ${found.message}`);
    located++;
    return { start: found.start, end: found.end, text: span.text };
  }) as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  // Keep the writer's key order: article where it was.
  for (const key of Object.keys(json as object)) ordered[key] = key === 'article' ? article : rewritten[key];
  return { ok: true, text: formatDocumentJson(ordered), located };
}
