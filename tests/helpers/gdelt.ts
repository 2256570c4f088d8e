/**
 * A stand-in for data.gdeltproject.org/gdeltv2 on a local port: GKG batches cut from the sample
 * batch and zipped as GDELT zips them, listed in lastupdate.txt and masterfilelist.txt with their
 * real sizes and MD5s, and faults to order (a 500, a dropped connection, a body cut short, a
 * listing that gives the wrong MD5).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import yazl from 'yazl';
import { gkgLines } from './gkg.js';

export interface FixtureBatch {
  batch: string;
  /** The GKG lines in it. */
  lines: string[];
  zip: Buffer;
  size: number;
  md5: string;
}

/** The sample batch's records cut into one batch per timestamp, in order, each zipped. */
export async function makeBatches(timestamps: string[]): Promise<FixtureBatch[]> {
  const all = gkgLines();
  const per = Math.ceil(all.length / timestamps.length);
  return Promise.all(
    timestamps.map(async (batch, i) => {
      const lines = all.slice(i * per, (i + 1) * per);
      const zip = await zipOf(`${batch}.gkg.csv`, `${lines.join('\n')}\n`);
      return { batch, lines, zip, size: zip.length, md5: createHash('md5').update(zip).digest('hex') };
    }),
  );
}

function zipOf(name: string, text: string): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(text, 'utf8'), name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** reset: connection dropped at once; cut: half the announced body, then dropped; short: half the body, ended as if whole. */
export type Fault = 500 | 404 | 'reset' | 'cut' | 'short';

export class GdeltFixtureServer {
  /** The batch lastupdate.txt names. */
  latest: FixtureBatch | undefined;
  /** The batches masterfilelist.txt names, in its order. */
  master: FixtureBatch[] = [];
  /** A listing MD5 that differs from the file's, by batch (both listings say it). */
  readonly wrongMd5 = new Map<string, string>();
  /** Faults for the next requests of a path (`/lastupdate.txt`, `/20230702150000.gkg.csv.zip`), first first. */
  readonly faults = new Map<string, Fault[]>();
  /** Every path requested, in order. */
  readonly requests: string[] = [];
  private readonly server = http.createServer((req, res) => this.answer(req, res));

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this.baseUrl;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/gdeltv2`;
  }

  /** Requests of one batch's archive so far. */
  downloads(batch: string): number {
    return this.requests.filter((p) => p === `/gdeltv2/${batch}.gkg.csv.zip`).length;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  /** GDELT's three lines per 15 minutes: the events and mentions files, then the GKG. */
  private lines(b: FixtureBatch): string {
    const other = (kind: string) => `${1000 + b.size} ${'0'.repeat(32)} ${this.baseUrl}/${b.batch}.${kind}.CSV.zip`;
    return [other('export'), other('mentions'), `${b.size} ${this.wrongMd5.get(b.batch) ?? b.md5} ${this.baseUrl}/${b.batch}.gkg.csv.zip`].join('\n');
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    this.requests.push(path);
    const fault = this.faults.get(path.replace(/^\/gdeltv2/, ''))?.shift();
    const body = this.body(path);
    if (fault === 'reset') return void req.socket.destroy();
    if (fault === 500 || fault === 404 || body === undefined) {
      res.writeHead(typeof fault === 'number' ? fault : 404).end();
      return;
    }
    if (fault === 'short') {
      res.writeHead(200).end(body.subarray(0, Math.floor(body.length / 2)));
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    if (fault === 'cut') {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => req.socket.destroy());
      return;
    }
    res.end(body);
  }

  private body(path: string): Buffer | undefined {
    if (path === '/gdeltv2/lastupdate.txt') return this.latest ? Buffer.from(`${this.lines(this.latest)}\n`) : Buffer.from('');
    if (path === '/gdeltv2/masterfilelist.txt') return Buffer.from(this.master.map((b) => `${this.lines(b)}\n`).join(''));
    const match = /^\/gdeltv2\/(\d{14})\.gkg\.csv\.zip$/.exec(path);
    return [...this.master, ...(this.latest ? [this.latest] : [])].find((b) => b.batch === match?.[1])?.zip;
  }
}
