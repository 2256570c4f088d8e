/**
 * WORKERS=N: one port served by N processes (node:cluster) on one database. The real server
 * process is started as `npm start` starts it; its workers are found through /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadSeed } from '../src/import/seed.js';
import { databaseUrl, getTestPrisma, resetDatabase } from './helpers/db.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const QUERY = JSON.stringify({ query: '{ declarations(first: 1, filter: { title: "shusha" }) { nodes { title } } }' });

let primary: ChildProcess | undefined;

beforeEach(async () => {
  await resetDatabase();
  await loadSeed(getTestPrisma());
});
afterEach(() => {
  primary?.kill('SIGKILL');
  for (const pid of workersOf(primary?.pid)) process.kill(pid, 'SIGKILL');
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The live child processes of `pid` (the cluster's workers). */
function workersOf(pid: number | undefined): number[] {
  if (!pid) return [];
  return readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[1]) === pid && fields[0] !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function title(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: QUERY, signal: AbortSignal.timeout(3_000) });
  const body = (await res.json()) as { data: { declarations: { nodes: Array<{ title: string }> } } };
  return body.data.declarations.nodes[0].title;
}

describe('WORKERS=2', () => {
  it('serves one port from two processes, replaces a worker that dies, and stops cleanly', async () => {
    const port = await freePort();
    primary = spawn(process.execPath, ['--import', 'tsx/esm', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl(), WORKERS: '2', PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', SEED: 'false' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    primary.stderr!.on('data', (d) => (stderr += d));
    primary.once('exit', (code) => (stderr += `\n(exited with ${code})`));
    const pid = primary.pid!;
    const first = await until('two workers', () => (workersOf(pid).length === 2 ? workersOf(pid) : undefined)).catch((err: Error) => {
      throw new Error(`${err.message}; the server said: ${stderr}`);
    });
    expect(await until('an answer', () => title(port))).toBe('Shusha Declaration on Allied Relations');

    // Kill one worker: the other keeps serving (a request on the dead worker's connection fails and
    // is retried, as a client or load balancer would), and the primary starts a replacement.
    process.kill(first[0], 'SIGKILL');
    for (let i = 0; i < 10; i++) expect(await until('an answer', () => title(port), 5_000)).toBe('Shusha Declaration on Allied Relations');
    const replaced = await until('a replacement worker', () => {
      const now = workersOf(pid);
      return now.length === 2 && !now.includes(first[0]) ? now : undefined;
    });
    expect(replaced).toContain(first[1]);

    // SIGTERM to the primary stops the workers, then the primary, with exit code 0.
    const exited = new Promise<number | null>((resolve) => primary!.once('exit', (code) => resolve(code)));
    primary.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(workersOf(pid)).toEqual([]);
    primary = undefined;
  }, 120_000);
});
