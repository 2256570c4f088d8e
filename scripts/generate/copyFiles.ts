/** COPY text files: one per table, written as a stream, in Postgres' text format. */
import { createWriteStream, type WriteStream } from 'node:fs';

export type Cell = string | number | boolean | null | undefined | Date;

function cell(v: Cell): string {
  if (v === null || v === undefined) return '\\N';
  if (v instanceof Date) return v.toISOString();
  if (typeof v !== 'string') return String(v);
  return v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

export class TableFile {
  rows = 0;
  private out: WriteStream;
  private buf: string[] = [];
  private pending = 0;
  constructor(
    readonly table: string,
    readonly columns: string[],
    readonly file: string,
  ) {
    this.out = createWriteStream(file);
  }
  async add(...cells: Cell[]): Promise<void> {
    this.buf.push(cells.map(cell).join('\t'));
    this.rows++;
    if (++this.pending >= 2000) await this.flush();
  }
  async flush(): Promise<void> {
    if (!this.buf.length) return;
    const chunk = this.buf.join('\n') + '\n';
    this.buf = [];
    this.pending = 0;
    if (!this.out.write(chunk)) await new Promise<void>((r) => this.out.once('drain', () => r()));
  }
  async close(): Promise<void> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }
}
