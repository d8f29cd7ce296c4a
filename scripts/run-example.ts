/**
 * Runs an example's `.projenrc.ts` against this repository's sources, the way
 * `npx projen` would run it in a project that installed projen-docker-ci.
 *
 *   ts-node --project tsconfig.dev.json scripts/run-example.ts examples/seed
 *
 * The package name `projen-docker-ci` is resolved to `src/index.ts`, so
 * examples need no build; the packed-package test covers the published build.
 */
import * as fs from 'fs';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module');

const repoRoot = path.resolve(__dirname, '..');
const exampleDir = path.resolve(process.argv[2] ?? path.join(repoRoot, 'examples', 'seed'));
const projenrc = path.join(exampleDir, '.projenrc.ts');
if (!fs.existsSync(projenrc)) {
  console.error(`run-example: no .projenrc.ts in ${exampleDir}`);
  process.exit(2);
}

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request: string, ...rest: unknown[]) {
  const target = request === 'projen-docker-ci' ? path.join(repoRoot, 'src', 'index.ts') : request;
  return resolveFilename.call(this, target, ...rest);
};

process.chdir(exampleDir);
require(projenrc);

const workflows = path.join(exampleDir, '.github', 'workflows');
for (const file of fs.existsSync(workflows) ? fs.readdirSync(workflows).sort() : []) {
  const written = path.join(workflows, file);
  const lines = fs.readFileSync(written, 'utf8').split('\n').length - 1;
  console.log(`wrote ${path.relative(process.cwd(), written) || file} (${lines} lines) -> ${written}`);
}
