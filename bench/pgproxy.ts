/**
 * A counting TCP proxy for the Postgres wire protocol, on 127.0.0.1. A server under test points its
 * DATABASE_URL at the proxy during the (untimed) check phase; the proxy forwards bytes unchanged and
 * counts the statements the client executes: every simple Query ('Q') and every extended-protocol
 * Execute ('E'), with the SQL text of each (Parse 'P' → Bind 'B' → Execute). This works whatever
 * the client library, needs nothing from the server under test, and nothing from Postgres
 * (pg_stat_statements is not preloaded on the local server).
 */
import net from 'node:net';

export interface StatementCounter {
  port: number;
  /** Statements executed since the last reset, by SQL text. */
  snapshot(): Map<string, number>;
  total(): number;
  reset(): void;
  close(): Promise<void>;
}

export async function startCountingProxy(target: { host: string; port: number }): Promise<StatementCounter> {
  const counts = new Map<string, number>();
  const sockets = new Set<net.Socket>();
  const count = (sql: string) => counts.set(sql, (counts.get(sql) ?? 0) + 1);

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    const statements = new Map<string, string>(); // prepared statement name → SQL
    const portals = new Map<string, string>(); // portal name → SQL
    let buf: Buffer = Buffer.alloc(0);
    let startup = true;
    const cstr = (b: Buffer, at: number): [string, number] => {
      const end = b.indexOf(0, at);
      return [b.toString('utf8', at, end), end + 1];
    };
    client.on('data', (chunk: Buffer) => {
      upstream.write(chunk);
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (startup) {
          if (buf.length < 8) break;
          const len = buf.readInt32BE(0);
          if (buf.length < len) break;
          const code = buf.readInt32BE(4);
          buf = buf.subarray(len);
          // SSLRequest / GSSENCRequest are followed by another untyped startup message.
          if (code !== 80877103 && code !== 80877104) startup = false;
          continue;
        }
        if (buf.length < 5) break;
        const type = String.fromCharCode(buf[0]);
        const len = buf.readInt32BE(1);
        if (buf.length < 1 + len) break;
        const body = buf.subarray(5, 1 + len);
        if (type === 'Q') {
          count(cstr(body, 0)[0].trim());
        } else if (type === 'P') {
          const [name, at] = cstr(body, 0);
          statements.set(name, cstr(body, at)[0].trim());
        } else if (type === 'B') {
          const [portal, at] = cstr(body, 0);
          const [stmt] = cstr(body, at);
          portals.set(portal, statements.get(stmt) ?? `<statement ${stmt}>`);
        } else if (type === 'E') {
          count(portals.get(cstr(body, 0)[0]) ?? '<unknown portal>');
        }
        buf = buf.subarray(1 + len);
      }
    });
    upstream.on('data', (chunk) => client.write(chunk));
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    snapshot: () => new Map(counts),
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    reset: () => counts.clear(),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
