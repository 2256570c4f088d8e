// Generates the Prisma client into src/generated/prisma (run by `npm install`).
// Prisma's CLI insists on a schema-engine binary even for `generate`, which doesn't use it, and
// downloads one when none is given; offline that download fails. Any existing file satisfies the
// check, so point it at one unless the user supplied their own engine.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  env.PRISMA_SCHEMA_ENGINE_BINARY = existsSync('/bin/true') ? '/bin/true' : process.execPath;
}
env.PRISMA_HIDE_UPDATE_MESSAGE = '1';
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
