// `npm run build:lib`: the library entry points (package.json "exports": `catalyst`,
// `catalyst/model`, `catalyst/compiler`) as JavaScript + .d.ts in dist/, for consumers on
// plain Node (the CLI itself runs the TypeScript sources through tsx, see bin/catalyst.js).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist/`;

// A clean emit: a module deleted from src/ must not linger in dist/. The studio's web build
// (dist/web, `npm run build:web`) and its lock are left alone.
mkdirSync(dist, { recursive: true });
for (const entry of readdirSync(dist)) {
  if (entry === 'web' || entry === '.web-build.lock') continue;
  rmSync(`${dist}${entry}`, { recursive: true, force: true });
}

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', `${root}tsconfig.build.json`], { stdio: 'inherit' });
if (compiled.status !== 0) {
  console.error('build:lib: tsc reported the errors above; nothing was emitted.');
  process.exit(compiled.status ?? 1);
}

// The Python runtime every app ships is read from beside the compiler at run time.
cpSync(`${root}src/compiler/runtime/`, `${dist}compiler/runtime/`, {
  recursive: true,
  filter: (src) => !src.includes('__pycache__'),
});
console.log('build:lib: dist/ has the library entry points (index, model/index, compiler/index) with .d.ts');
