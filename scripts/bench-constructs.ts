/**
 * `npm run bench -- --constructs=<version|directory>`: run the bench against
 * another copy of the `constructs` package than the one installed here.
 *
 * This repository installs the lowest version the peer range allows
 * (`constructs@10.2.70`, projen's pinned dev dependency), while
 * `npm install projen-docker-ci projen constructs` gives users the newest
 * 10.x. Before 10.2.70 (aws/constructs#1891), `Node.addChild` called
 * `Object.keys()` on all existing children for every child added, so
 * building a workflow of n jobs cost O(n^2) inside `constructs`, whatever
 * this library does; that is why the peer range starts at 10.2.70, and
 * `--constructs=10.0.0` still shows it. With a version (`latest`, `10.8.1`) the package is
 * installed once, with npm, into `node_modules/.cache/projen-docker-ci-bench/`.
 *
 * Imported first by scripts/bench.ts, before anything loads `constructs`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Module = require('module');

const repoRoot = path.resolve(__dirname, '..');

/** The first version whose `addChild` is O(1) (aws/constructs#1891). */
export const LINEAR_ADD_CHILD_SINCE = '10.2.70';

/** The package directory of the `constructs` copy named by `spec` (installed on first use). */
function constructsDirectory(spec: string): string {
  if (fs.existsSync(path.join(spec, 'package.json'))) {
    return path.resolve(spec);
  }
  if (!/^[A-Za-z0-9.^~<>=-]+$/.test(spec)) {
    throw new Error(`bench: --constructs=${spec} is neither a directory nor a version`);
  }
  const prefix = path.join(repoRoot, 'node_modules', '.cache', 'projen-docker-ci-bench', `constructs@${spec}`);
  const dir = path.join(prefix, 'node_modules', 'constructs');
  if (!fs.existsSync(path.join(dir, 'package.json'))) {
    console.error(`bench: installing constructs@${spec} into ${path.relative(repoRoot, prefix)}`);
    fs.mkdirSync(prefix, { recursive: true });
    const result = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `constructs@${spec}`],
      { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) {
      throw new Error(`bench: npm could not install constructs@${spec}`);
    }
  }
  return dir;
}

/** JavaScript that makes `require('constructs')` load the package in `dir` (for `node -r`). */
export function resolveHookSource(dir: string): string {
  return [
    "const Module = require('module');",
    "const path = require('path');",
    `const dir = ${JSON.stringify(dir)};`,
    'const resolve = Module._resolveFilename;',
    'Module._resolveFilename = function (request, ...rest) {',
    "  if (request === 'constructs' || request.startsWith('constructs/')) {",
    "    return resolve.call(this, path.join(dir, request.slice('constructs'.length)), ...rest);",
    '  }',
    '  return resolve.call(this, request, ...rest);',
    '};',
  ].join('\n');
}

const spec = process.argv.slice(2).find((a) => a.startsWith('--constructs='))?.slice('--constructs='.length);

/** The directory of the substituted `constructs`, when `--constructs` was given. */
export const substitutedConstructs: string | undefined = spec === undefined ? undefined : constructsDirectory(spec);

if (substitutedConstructs !== undefined) {
  const dir = substitutedConstructs;
  const resolve = Module._resolveFilename;
  Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    if (request === 'constructs' || request.startsWith('constructs/')) {
      return resolve.call(this, path.join(dir, request.slice('constructs'.length)), ...rest);
    }
    return resolve.call(this, request, ...rest);
  };
}

/** The version and location of the `constructs` package this process uses. */
export function constructsInUse(): { version: string; dir: string; linearAddChild: boolean } {
  const file = require.resolve('constructs/package.json');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const version = (require(file) as { version: string }).version;
  return { version, dir: path.relative(repoRoot, path.dirname(file)) || '.', linearAddChild: compareVersions(version, LINEAR_ADD_CHILD_SINCE) >= 0 };
}

/** Compares dotted numeric versions (`10.0.0` < `10.2.70`). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((x) => parseInt(x, 10));
  const pb = b.split('.').map((x) => parseInt(x, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}
