/**
 * JSON text for article documents: a readable layout for files people review (evidence objects and
 * short string lists on one line), and a canonical form for hashing.
 */

const INDENT = '  ';
const LINE = 110;

/** Pretty JSON (2-space indent, trailing newline) that keeps evidence `{ start, end, text }` on one line. */
export function formatDocumentJson(value: unknown): string {
  return `${format(value, '')}\n`;
}

function format(value: unknown, indent: string): string {
  if (Array.isArray(value)) return formatArray(value, indent);
  if (value !== null && typeof value === 'object') return formatObject(value as Record<string, unknown>, indent);
  return JSON.stringify(value) ?? 'null';
}

function formatArray(items: unknown[], indent: string): string {
  if (!items.length) return '[]';
  const inner = indent + INDENT;
  const parts = items.map((v) => format(v, inner));
  const oneLine = `[${parts.join(', ')}]`;
  // Lists of short strings (aliases, topics) read better on one line.
  if (items.every((v) => typeof v === 'string') && indent.length + oneLine.length <= LINE) return oneLine;
  return `[\n${parts.map((p) => inner + p).join(',\n')}\n${indent}]`;
}

function formatObject(obj: Record<string, unknown>, indent: string): string {
  const entries = Object.entries(obj).filter(([, v]) => v !== undefined);
  if (!entries.length) return '{}';
  if (isEvidence(obj)) return `{ "start": ${obj.start}, "end": ${obj.end}, "text": ${JSON.stringify(obj.text)} }`;
  const inner = indent + INDENT;
  const lines = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${format(v, inner)}`);
  return `{\n${lines.join(',\n')}\n${indent}}`;
}

function isEvidence(obj: Record<string, unknown>): obj is { start: number; end: number; text: string } {
  const keys = Object.keys(obj);
  return keys.length === 3 && typeof obj.start === 'number' && typeof obj.end === 'number' && typeof obj.text === 'string';
}

/**
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. Two documents
 * that differ only in key order or layout have the same canonical form (and so the same hash).
 */
export function canonicalJson(value: unknown): string {
  // Hashed for every imported document. Built with its keys in order already (the GKG mapper's
  // documents are), a value is its own canonical form: one native JSON.stringify.
  if (inCanonicalOrder(value)) return JSON.stringify(value) ?? 'null';
  return canonicalJsonOf(value);
}

/** Plain loops and string appends, no intermediate arrays. */
function canonicalJsonOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += value[i] === undefined ? 'null' : canonicalJsonOf(value[i]);
    }
    return out + ']';
  }
  const obj = value as Record<string, unknown>;
  let out = '{';
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += JSON.stringify(k) + ':' + canonicalJsonOf(v);
  }
  return out + '}';
}

/**
 * Whether JSON.stringify gives canonicalJson's text for this value: every object's keys in
 * sorted order (JSON.stringify follows Object.keys), and nothing the two treat differently
 * (toJSON methods, functions, symbols, bigints).
 */
function inCanonicalOrder(value: unknown): boolean {
  const t = typeof value;
  if (t === 'function' || t === 'symbol' || t === 'bigint') return false;
  if (t !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!inCanonicalOrder(value[i])) return false;
    return true;
  }
  const obj = value as Record<string, unknown>;
  if (typeof obj.toJSON === 'function') return false;
  const keys = Object.keys(obj);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && !(keys[i - 1] < keys[i])) return false;
    const v = obj[keys[i]];
    // An undefined member is dropped by both.
    if (v !== undefined && !inCanonicalOrder(v)) return false;
  }
  return true;
}
