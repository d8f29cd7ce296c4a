/**
 * The API contract, end to end: the README's `.projenrc.ts` compiles and
 * synthesizes in a fresh project that installed the packed tarball (not the
 * sources), and writes the same bytes as the in-repo example.
 *
 * Needs `lib/` (built by `npx projen compile`, which `npx projen build` runs
 * before the tests); compiles it first when it is missing or older than `src/`
 * (test/support/compiled-library.ts, shared with the Python tests).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureCompiled } from '../support/compiled-library';
import { expectValidWorkflow } from '../support/judge';

const ROOT = path.resolve(__dirname, '..', '..');
const CONTRACT = fs.readFileSync(path.join(ROOT, 'examples', 'seed', '.projenrc.ts'), 'utf8');

/** Runs a command; on failure, throws with its full output so the test report shows why. */
function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PROJEN_DISABLE_POST: 'true' } });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

describe('the packed package', () => {
  let projectDir: string;

  beforeAll(() => {
    ensureCompiled();
    const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-pack-'));
    const tarball = run('npm', ['pack', '--silent', '--pack-destination', packDir], ROOT).trim().split('\n').pop()!;
    projectDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-consumer-'));
    const own = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
    const installed = (name: string) => lock.packages[`node_modules/${name}`].version;
    fs.writeFileSync(path.join(projectDir, 'package.json'), JSON.stringify({
      name: 'cache-docker',
      private: true,
      devDependencies: {
        'projen-docker-ci': `file:${path.join(packDir, tarball)}`,
        'projen': installed('projen'),
        'constructs': installed('constructs'),
        'typescript': installed('typescript'),
        'ts-node': installed('ts-node'),
        '@types/node': installed('@types/node'),
      },
    }, null, 2));
    expect(own.peerDependencies).toHaveProperty('projen');
    run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], projectDir);
    fs.writeFileSync(path.join(projectDir, '.projenrc.ts'), CONTRACT);
    fs.writeFileSync(path.join(projectDir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'commonjs', target: 'es2020', esModuleInterop: true, types: ['node'] },
      files: ['.projenrc.ts'],
    }));
  }, 240_000);

  test('the README contract type-checks against the published typings', () => {
    expect(run('npx', ['tsc', '--noEmit', '--listFilesOnly', '-p', '.'], projectDir)).toContain('.projenrc.ts');
    expect(() => run('npx', ['tsc', '--noEmit', '-p', '.'], projectDir)).not.toThrow();
  });

  test('npx projen (ts-node .projenrc.ts) writes .github/workflows/ci.yml, identical to the in-repo example, judge-clean', async () => {
    run('npx', ['ts-node', '--project', 'tsconfig.json', '.projenrc.ts'], projectDir);
    const written = fs.readFileSync(path.join(projectDir, '.github', 'workflows', 'ci.yml'), 'utf8');
    const example = fs.readFileSync(path.join(ROOT, 'examples', 'seed', '.github', 'workflows', 'ci.yml'), 'utf8');
    expect(written).toBe(example);
    await expectValidWorkflow(written, 'ci.yml');
  }, 120_000);
});
