// Fails when generated code is not what codegen makes from schema.graphql now: the server's
// resolver types (src/resolvers/generated.ts, `npm run codegen`) and the explorer's typed
// documents (web/src/gql/, `npm run codegen --workspace web`). It regenerates in place, so a stale
// tree is left showing the difference.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const targets = [
  { files: ['src/resolvers/generated.ts'], cwd: '.', fix: 'npm run codegen' },
  { files: readdirSync('web/src/gql').map((f) => path.join('web/src/gql', f)), cwd: 'web', fix: 'npm run codegen --workspace web' },
];

for (const { files, cwd, fix } of targets) {
  const committed = files.map((f) => readFileSync(f, 'utf8'));
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { stdio: 'inherit', cwd });
  const stale = files.filter((f, i) => readFileSync(f, 'utf8') !== committed[i]);
  const now = cwd === 'web' ? readdirSync('web/src/gql').length : files.length;
  if (stale.length || now !== files.length) {
    console.error(`${stale.join(', ') || `${cwd}: the generated file set`} is stale: run \`${fix}\` and commit the result`);
    process.exitCode = 1;
  } else {
    console.log(`${files.join(', ')}: up to date with schema.graphql`);
  }
}
