/**
 * `npm run apikey -- create --scope write [--name NAME]` prints a new key (once);
 * `npm run apikey -- list` lists keys; `npm run apikey -- revoke PREFIX` revokes one.
 * Works on the same database `npm start` uses (DATABASE_URL, or the embedded one).
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { createApiKey, listApiKeys, revokeApiKey, SCOPES, type Scope } from '../services/apiKeys.js';
import { runCli, usage } from './run.js';

const USAGE = `usage: npm run apikey -- create --scope read|write|admin [--scope ...] [--name NAME]
       npm run apikey -- list
       npm run apikey -- revoke PREFIX`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { scope: { type: 'string', multiple: true }, name: { type: 'string' }, help: { type: 'boolean' } },
  });
  const [command, arg] = positionals;
  if (values.help || !command) return usage(USAGE, 0);
  const scopes = (values.scope ?? []) as Scope[];
  const bad = scopes.filter((s) => !SCOPES.includes(s));
  if (command === 'create' && (scopes.length === 0 || bad.length)) {
    console.error(bad.length ? `unknown scope(s): ${bad.join(', ')}` : 'give at least one --scope');
    return usage(USAGE, 2);
  }
  if (command === 'revoke' && !arg) return usage(USAGE, 2);
  if (!['create', 'list', 'revoke'].includes(command)) return usage(USAGE, 2);

  const db = await openDatabase(loadConfig());
  try {
    if (command === 'create') {
      const { key, info } = await createApiKey(db.prisma, values.name ?? `key created ${new Date().toISOString()}`, scopes);
      console.log(`created API key ${info.prefix}… (id ${info.id}, scopes: ${info.scopes.join(', ')})`);
      console.log(`\n  ${key}\n\nIt is shown only now. Send it as: Authorization: Bearer <key>`);
    } else if (command === 'list') {
      for (const k of await listApiKeys(db.prisma)) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active';
        console.log(`${k.prefix}…  ${k.scopes.join(',').padEnd(16)} ${state.padEnd(34)} ${k.name}`);
      }
    } else {
      const ok = await revokeApiKey(db.prisma, arg);
      console.log(ok ? `revoked ${arg}` : `no active key with prefix ${arg}`);
      return ok ? 0 : 1;
    }
    return 0;
  } finally {
    await db.close();
  }
}

runCli(main);
