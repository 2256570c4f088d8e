/**
 * Finding a span's words in the article body, so a person can write `{ "text": "Zakir Hasanov" }`
 * instead of counting UTF-16 offsets, and so an error can say where the words really are.
 * Pure string work: no schema, no database.
 */

/** Every start offset at which `text` occurs in `body` (overlapping occurrences count). */
export function occurrences(body: string, text: string): number[] {
  const found: number[] = [];
  if (text === '') return found;
  for (let at = body.indexOf(text); at >= 0; at = body.indexOf(text, at + 1)) found.push(at);
  return found;
}

export type Located = { ok: true; start: number; end: number } | { ok: false; message: string };

/** Most occurrences an error lists one by one; the rest are counted. */
const LISTED = 20;

/**
 * The offsets of `text` in `body`: its only occurrence, or the `occurrence`-th (1-based, in
 * reading order). Anything else is an error that says where the text does occur.
 */
export function locateText(body: string, text: string, occurrence: number | undefined): Located {
  const at = occurrences(body, text);
  const shown = JSON.stringify(text);
  if (!at.length) return { ok: false, message: `${shown} does not occur in article.body${near(body, text)}` };
  if (occurrence === undefined) {
    if (at.length === 1) return { ok: true, start: at[0], end: at[0] + text.length };
    return {
      ok: false,
      message: `${shown} occurs ${at.length} times in article.body: say which with "occurrence" (1 to ${at.length}): ${listOccurrences(body, text, at)}`,
    };
  }
  if (occurrence > at.length) {
    const times = at.length === 1 ? 'once' : `${at.length} times`;
    return { ok: false, message: `occurrence ${occurrence} of ${shown}, but it occurs only ${times} in article.body: ${listOccurrences(body, text, at)}` };
  }
  const start = at[occurrence - 1];
  return { ok: true, start, end: start + text.length };
}

/** `1: [185, 192) "…has said [Hasanov] met…"; 2: …`, every occurrence up to a limit. */
function listOccurrences(body: string, text: string, at: readonly number[]): string {
  const listed = at.slice(0, LISTED).map((start, i) => `${i + 1}: [${start}, ${start + text.length}) ${inContext(body, start, start + text.length)}`);
  const more = at.length > LISTED ? `; and ${at.length - LISTED} more` : '';
  return listed.join('; ') + more;
}

/**
 * The occurrences of `text` nearest to `offset`, for an error about offsets that point elsewhere:
 * ` (that text occurs at start 3834, end 4245)`, or the nearest three when there are several.
 */
export function nearestOccurrences(body: string, text: string, offset: number): string {
  const at = occurrences(body, text);
  if (!at.length) return '';
  if (at.length === 1) return ` (that text occurs at start ${at[0]}, end ${at[0] + text.length})`;
  const nearest = [...at].sort((a, b) => Math.abs(a - offset) - Math.abs(b - offset) || a - b).slice(0, 3);
  const list = nearest.map((s) => `start ${s}, end ${s + text.length}`).join('; ');
  return ` (that text occurs ${at.length} times; nearest to start ${offset}: ${list})`;
}

/** A hint for text that is nowhere in the body: the same words ignoring case and spacing. */
function near(body: string, text: string): string {
  const squash = (s: string) => s.toLowerCase().replace(/\s+/g, ' ');
  const at = squash(body).indexOf(squash(text));
  // Squashing changes lengths, so only say that it is there, not where.
  return at >= 0 ? ' (it does ignoring case and spacing: copy the words exactly as the body has them)' : '';
}

const CONTEXT_WORDS = 4;

/** The span with a few words either side: `"…Defence Minister [Zakir Hasanov] has said that…"`. */
export function inContext(body: string, start: number, end: number): string {
  const before = body.slice(Math.max(0, start - 60), start);
  const after = body.slice(end, end + 60);
  const left = lastWords(before, CONTEXT_WORDS);
  const right = firstWords(after, CONTEXT_WORDS);
  const open = start - left.length > 0 ? '…' : '';
  const close = end + right.length < body.length ? '…' : '';
  return JSON.stringify(`${open}${left}[${body.slice(start, end)}]${right}${close}`.replace(/\s+/g, ' '));
}

function lastWords(s: string, n: number): string {
  const m = new RegExp(`(?:\\S*\\s+){0,${n}}\\S*$`).exec(s);
  return m ? m[0] : '';
}

function firstWords(s: string, n: number): string {
  const m = new RegExp(`^\\S*(?:\\s+\\S*){0,${n}}`).exec(s);
  return m ? m[0] : '';
}
