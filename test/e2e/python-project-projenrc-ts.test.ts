/**
 * The README's steps for a `PythonProject` with `projenrcTs: true`, run as
 * written: `projen new python --projenrc-ts`, `npm init -y`, the npm packages
 * installed by hand (projen manages only the Python dependencies of such a
 * project), `npx projen`, then the README's pipeline added to the generated
 * `.projenrc.ts`. The versions are the lockfile's, the package is the packed
 * tarball of this build; pip is left out (`--no-post`, PROJEN_DISABLE_POST):
 * this is about the TypeScript side.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pythonOnPath } from '../python/python-env';
import { ensureCompiled, ROOT } from '../support/compiled-library';
import { expectValidWorkflow } from '../support/judge';
import { codeBlocks, README, readmeShellSteps } from '../support/markdown';

const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const locked = (name: string): string => lock.packages[`node_modules/${name}`].version;

const STEPS = [
  'npx projen new python --projenrc-ts',
  'npm init -y',
  'npm install --save-dev projen constructs ts-node typescript@^6 /path/to/projen-docker-ci-0.0.0.tgz',
  'npx projen',
];

test('the README names exactly these steps', () => {
  expect(readmeShellSteps(STEPS[0])).toEqual(STEPS);
});

test('following them, then adding the README\'s pipeline, writes the seed workflow byte for byte, judge-clean', async () => {
  ensureCompiled();
  const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-pack-'));
  const { NODE_ENV: _jestNodeEnv, ...inherited } = process.env;
  const env = {
    ...inherited,
    // projen's Python projects compute their task environment with `python -c ...`.
    PATH: `${pythonOnPath()}${path.delimiter}${process.env.PATH}`,
    PROJEN_DISABLE_POST: 'true',
  };
  const run = (cmd: string, args: string[], cwd: string): string => {
    try {
      return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
    }
  };
  const tarball = path.join(packDir, run('npm', ['pack', '--silent', '--pack-destination', packDir], ROOT).trim().split('\n').pop()!);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-python-projenrc-ts-'));

  // npx projen new python --projenrc-ts (this repository's projen CLI; no git, no venv)
  run(path.join(ROOT, 'node_modules', '.bin', 'projen'), ['new', 'python', '--projenrc-ts', '--no-git', '--no-post'], dir);
  expect(fs.existsSync(path.join(dir, '.projenrc.ts'))).toBe(true);
  expect(fs.existsSync(path.join(dir, 'package.json'))).toBe(false);
  // npm init -y
  run('npm', ['init', '-y'], dir);
  // npm install --save-dev projen constructs ts-node typescript@^6 <tarball>
  expect(locked('typescript')).toMatch(/^6\./);
  run('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error',
    `projen@${locked('projen')}`, `constructs@${locked('constructs')}`, `ts-node@${locked('ts-node')}`, `typescript@${locked('typescript')}`, tarball], dir);
  // npx projen
  run('npx', ['projen'], dir);

  // The pipeline: the README snippet's import of projen-docker-ci and everything after `const project = ...;`.
  const snippet = codeBlocks(README, 'ts')[0];
  const imports = /^import .* from 'projen-docker-ci';\n/m.exec(snippet)![0];
  const pipeline = snippet.slice(snippet.indexOf('\n', snippet.indexOf('const project = ')) + 1, snippet.indexOf('project.synth();'));
  const projenrc = path.join(dir, '.projenrc.ts');
  const generated = fs.readFileSync(projenrc, 'utf8');
  expect(generated).toMatch(/^const project = new python\.PythonProject\(\{$/m);
  fs.writeFileSync(projenrc, `${imports}${generated.replace(/^project\.synth\(\);/m, `${pipeline}project.synth();`)}`);
  run('npx', ['projen'], dir);

  const written = fs.readFileSync(path.join(dir, '.github', 'workflows', 'ci.yml'), 'utf8');
  expect(written).toBe(fs.readFileSync(path.join(ROOT, 'examples', 'seed', '.github', 'workflows', 'ci.yml'), 'utf8'));
  await expectValidWorkflow(written, 'ci.yml');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(packDir, { recursive: true, force: true });
}, 600_000);
