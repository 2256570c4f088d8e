/** Small HTTP answers the server gives itself, before or instead of Apollo. */
import type http from 'node:http';
import { ErrorCode } from '../lib/errors.js';

export const SENT = Symbol('response already sent');

export function sendJson(res: http.ServerResponse, status: number, payload: unknown, headers: http.OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(payload));
}

/** A GraphQL-shaped error response: `{ errors: [{ message, extensions: { code, ...more } }] }`. */
export function sendError(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  more: Record<string, unknown> = {},
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, ...more } }] });
}

/** Reads and parses a JSON body, answering 413/400 itself when it is too large or malformed. */
export async function readBody(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): Promise<unknown> {
  if (req.method !== 'POST') return undefined;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) return tooLarge(req, res, maxBytes);
  const text = await readText(req, maxBytes);
  if (text === TOO_LARGE) return tooLarge(req, res, maxBytes);
  if (text === GONE) return SENT; // nobody is left to answer
  const type = req.headers['content-type'] ?? '';
  if (!/json/i.test(type)) return text.length ? text : undefined;
  try {
    return text.length ? JSON.parse(text) : undefined;
  } catch {
    sendError(res, 400, ErrorCode.BAD_USER_INPUT, 'Request body is not valid JSON');
    return SENT;
  }
}

const TOO_LARGE = Symbol('body too large');
const GONE = Symbol('client went away');

/**
 * The body as text, read through the stream's events: `for await` over a request builds an async
 * iterator, end-of-stream tracking and a promise per chunk, a measurable share of a small request.
 * A client that goes away before its body ends is no failure of ours: GONE, not an error (which
 * the server would log as one, and classify as an outage by its ECONNRESET code).
 */
function readText(req: http.IncomingMessage, maxBytes: number): Promise<string | typeof TOO_LARGE | typeof GONE> {
  // A promise settles once: whichever of these comes first decides.
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) resolve(TOO_LARGE);
      else chunks.push(chunk);
    });
    req.once('end', () => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8')));
    req.once('error', () => resolve(GONE));
    req.once('close', () => resolve(GONE));
  });
}

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): typeof SENT {
  res.setHeader('connection', 'close');
  sendError(res, 413, ErrorCode.PAYLOAD_TOO_LARGE, `Request body exceeds ${maxBytes} bytes`);
  req.resume(); // drain without buffering, so the client sees the answer rather than a reset
  return SENT;
}
