// Fails when src/resolvers/generated.ts is not what `npm run codegen` makes from schema.graphql now
// (it regenerates the file in place, so a stale tree is left showing the difference).
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const target = 'src/resolvers/generated.ts';
const committed = readFileSync(target, 'utf8');
execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts', '--silent'], { stdio: 'inherit' });
if (readFileSync(target, 'utf8') !== committed) {
  console.error(`${target} is stale: run \`npm run codegen\` and commit the result`);
  process.exitCode = 1;
} else {
  console.log(`${target} is up to date with schema.graphql`);
}
