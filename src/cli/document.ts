/**
 * `npm run document -- check FILE...` validates article documents without a database;
 * `npm run document -- locate FILE...` writes the offsets of spans given by text alone back into
 * each file. Guide: docs/document-format.md.
 *
 * Exit code: 0 when every file is valid, 1 when any is not (nothing is written then), 2 for a
 * usage error.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { parseArticleDocument, type ArticleDocument } from '../document/document.js';
import { locateDocument } from '../document/locate.js';
import { runCli, usage } from './run.js';

const USAGE = `usage: npm run document -- <check|locate> FILE [...]

  check    validate each document (shape, references, evidence against the body); writes nothing
  locate   validate, then write the computed start and end of every span given by its text alone
           ({ "text": "Zakir Hasanov" }, "occurrence": 2 for its second place) back into the file
  -h, --help`;

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    console.error((err as Error).message);
    return usage(USAGE, 2);
  }
  const [command, ...files] = parsed.positionals;
  if (parsed.values.help) return usage(USAGE, 0);
  if ((command !== 'check' && command !== 'locate') || !files.length) return usage(USAGE, 2);
  let failed = 0;
  for (const file of files) if (!(await (command === 'check' ? check(file) : locate(file)))) failed++;
  return failed ? 1 : 0;
}

async function readJson(file: string): Promise<{ ok: true; json: unknown } | { ok: false }> {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    console.error(`${file}: ${(err as Error).message}`);
    return { ok: false };
  }
  try {
    return { ok: true, json: JSON.parse(text) };
  } catch (err) {
    console.error(`${file}: not JSON: ${(err as Error).message}`);
    return { ok: false };
  }
}

function report(file: string, issues: ReadonlyArray<{ path: string; message: string }>): void {
  for (const i of issues) console.error(`${file}: ${i.path || '(document)'}: ${i.message}`);
  console.error(`${file}: ${issues.length} ${issues.length === 1 ? 'problem' : 'problems'}`);
}

async function check(file: string): Promise<boolean> {
  const read = await readJson(file);
  if (!read.ok) return false;
  const parsed = parseArticleDocument(read.json);
  if (!parsed.ok) {
    report(file, parsed.issues);
    return false;
  }
  console.log(`${file}: valid (${describe(parsed.document)})`);
  return true;
}

async function locate(file: string): Promise<boolean> {
  const read = await readJson(file);
  if (!read.ok) return false;
  const result = locateDocument(read.json);
  if (!result.ok) {
    report(file, result.issues);
    return false;
  }
  if (result.located) await writeFile(file, result.text);
  console.log(`${file}: ${result.located ? `located ${result.located} ${result.located === 1 ? 'span' : 'spans'}` : 'no spans to locate'}`);
  return true;
}

function describe(doc: ArticleDocument): string {
  const counts: Array<[number, string]> = [
    [doc.places.length, 'places'],
    [doc.people.length, 'people'],
    [doc.organizations.length, 'organizations'],
    [doc.declarations.length, 'declarations'],
    [doc.affiliations.length, 'affiliations'],
    [doc.quotes.length, 'quotes'],
    [doc.events.length, 'events'],
  ];
  return counts.map(([n, what]) => `${n} ${what}`).join(', ');
}

runCli(main);
