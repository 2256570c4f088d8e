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

/**
 * The body as text, read through the stream's events: `for await` over a request builds an async
 * iterator, end-of-stream tracking and a promise per chunk, a measurable share of a small request.
 * Fails when the client goes away before the body ends, as the iterator did.
 */
function readText(req: http.IncomingMessage, maxBytes: number): Promise<string | typeof TOO_LARGE> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      finish();
    };
    req.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) return settle(() => resolve(TOO_LARGE));
      chunks.push(chunk);
    });
    req.once('end', () => settle(() => resolve(chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8'))));
    req.once('error', (err) => settle(() => reject(err)));
    req.once('close', () => settle(() => reject(new Error('request closed before its body ended'))));
  });
}

function tooLarge(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): typeof SENT {
  res.setHeader('connection', 'close');
  sendError(res, 413, ErrorCode.PAYLOAD_TOO_LARGE, `Request body exceeds ${maxBytes} bytes`);
  req.resume(); // drain without buffering, so the client sees the answer rather than a reset
  return SENT;
}
