// Builds the explorer and the offline GraphiQL (web/ → web/dist) with Vite. Run by `npm install`
// (postinstall) and, with --if-missing, by `npm start` when there is no build yet.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = existsSync(`${root}web/dist/index.html`) && existsSync(`${root}web/dist/graphiql.html`);
if (process.argv.includes('--if-missing') && built) process.exit(0);
if (!existsSync(`${root}node_modules/vite`) && !existsSync(`${root}web/node_modules/vite`)) {
  // An install without dev dependencies (npm ci --omit=dev) cannot build; say so rather than fail it.
  console.warn('newsgraph: vite is not installed, so the explorer was not built (npm install without --omit=dev builds it)');
  process.exit(0);
}
console.log('newsgraph: building the explorer and GraphiQL (web/dist)…');
const result = spawnSync('npm', ['run', 'build', '--workspace', 'web', '--silent'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
