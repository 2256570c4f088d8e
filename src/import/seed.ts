/**
 * The seed: every article document under prisma/seed/articles/*.json, validated and written in
 * file-name order. Found relative to this module, so it works from any working directory.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PrismaClient } from '../generated/prisma/client.js';
import { parseArticleDocument, type ArticleDocument } from '../document/document.js';
import { storeValidDocument } from './store.js';
import type { WriteStatus } from './write/index.js';

export const SEED_DIR = fileURLToPath(new URL('../../prisma/seed/articles/', import.meta.url));

export interface SeedResult {
  /** Documents written (whatever their status). */
  articles: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export class SeedDocumentError extends Error {
  override name = 'SeedDocumentError';
  constructor(
    readonly file: string,
    readonly issues: Array<{ path: string; message: string }>,
  ) {
    super(`${file} is not a valid article document:\n${issues.map((i) => `  ${i.path || '(document)'}: ${i.message}`).join('\n')}`);
  }
}

/** Reads and validates every seed document; throws SeedDocumentError on the first invalid one. */
export async function readSeedDocuments(dir = SEED_DIR): Promise<Array<{ file: string; document: ArticleDocument }>> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const docs: Array<{ file: string; document: ArticleDocument }> = [];
  for (const file of files) {
    const full = path.join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(full, 'utf8'));
    } catch (err) {
      throw new SeedDocumentError(file, [{ path: '', message: `not JSON: ${(err as Error).message}` }]);
    }
    const parsed = parseArticleDocument(json);
    if (!parsed.ok) throw new SeedDocumentError(file, parsed.issues);
    docs.push({ file, document: parsed.document });
  }
  return docs;
}

/** Validates all seed documents first (so a bad file writes nothing), then writes them in order. */
export async function loadSeed(prisma: PrismaClient, dir = SEED_DIR): Promise<SeedResult> {
  const docs = await readSeedDocuments(dir);
  const counts: Record<WriteStatus, number> = { inserted: 0, updated: 0, unchanged: 0 };
  for (const { file, document } of docs) {
    const stored = await storeValidDocument(prisma, document);
    if (!stored.ok) throw new SeedDocumentError(file, stored.issues);
    counts[stored.status]++;
  }
  return { articles: docs.length, ...counts };
}
