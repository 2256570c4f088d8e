/**
 * Who is asking: the socket's address, or, behind trusted proxies (TRUST_PROXY), the address they
 * report in X-Forwarded-For. Read with `proxy-addr`, the implementation Express uses, so a client
 * can never choose its own address by sending the header: only trusted hops are believed.
 */
import type http from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config.js';

export type AddressOf = (req: http.IncomingMessage) => string;

export function clientAddress(trust: TrustProxy): AddressOf {
  if (!trust) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trusted = 'hops' in trust ? (_addr: string, i: number) => i < trust.hops : proxyaddr.compile(trust.addresses);
  return (req) => {
    try {
      return proxyaddr(req, trusted);
    } catch {
      return req.socket.remoteAddress ?? 'unknown';
    }
  };
}
