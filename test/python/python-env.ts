/**
 * The Python side of the tests: the wheel jsii-pacmak builds from this library,
 * fresh virtual environments with it and projen installed from PyPI, and runs
 * of `.projenrc.py` files in them.
 *
 * Needs python3 >= 3.10 with the `venv` module (Debian: python3-venv) and access
 * to PyPI; everything else is installed here. The wheel is cached in
 * node_modules/.cache, keyed by the compiled assembly, so a second run on the
 * same build reuses it; virtual environments are always new.
 */
import { execFileSync, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CACHE, ensureCompiled, ROOT, withLock } from '../support/compiled-library';

/** Versions of projen and constructs installed from PyPI beside the wheel. */
export interface PythonPins {
  /** What the test names this set after. */
  readonly label: string;
  readonly projen: string;
  readonly constructs: string;
}

const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const locked = (name: string): string => lock.packages[`node_modules/${name}`].version;

/**
 * Both ends of the range the wheel declares (projen >=0.98.0 <1.0.0, constructs
 * >=10.2.70 <11): the versions the TypeScript tests run (the npm lockfile's, so
 * they follow an upgrade), and the newest on PyPI when this was written
 * (2026-12-01), which is what `pip install` picks for a user today.
 */
export const PIN_SETS: readonly PythonPins[] = [
  { label: 'lockfile', projen: locked('projen'), constructs: locked('constructs') },
  { label: 'newest', projen: '0.104.17', constructs: '10.8.1' },
];

/** The environment for every Python and pip run. */
export function pythonProcessEnv(extra: { [name: string]: string } = {}): NodeJS.ProcessEnv {
  // Without jest's NODE_ENV=test, under which projen (running in the jsii kernel) would write
  // to a temporary directory instead of the project.
  const { NODE_ENV: _jestNodeEnv, ...env } = process.env;
  return {
    ...env,
    // jsii's runtime warns on every start under Node 20 (end of life since 2026-04-30; jsii
    // dropped it on 2026-10-30). CI runs Node 20 on purpose: it is our minimum.
    JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20',
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_INPUT: '1',
    // A PythonProject would pip-install its requirements after synthesis.
    PROJEN_DISABLE_POST: 'true',
    ...extra,
  };
}

/** Runs a command; on failure, throws with its full output so the test report shows why. */
function run(cmd: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  try {
    return execFileSync(cmd, args, { cwd: options.cwd ?? ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? pythonProcessEnv() });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed:\n${err.stdout ?? ''}${err.stderr ?? err.message}`);
  }
}

/** The python3 to build and test with (PDC_PYTHON overrides), checked to be one the wheel supports. */
export function systemPython(): string {
  const python = process.env.PDC_PYTHON ?? 'python3';
  const version = run(python, ['-c', 'import sys, venv; print("%d.%d" % sys.version_info[:2])']).trim();
  const [major, minor] = version.split('.').map(Number);
  if (major !== 3 || minor < 10) {
    throw new Error(`${python} is Python ${version}; the wheel needs Python >= 3.10 (set PDC_PYTHON to another interpreter)`);
  }
  return python;
}

/**
 * A directory with `python` pointing at the system python3, to put first in PATH: projen's Python
 * projects run `python` (their task environment is computed with `python -c ...`), which a machine
 * with only python3 lacks (Debian's python-is-python3 adds it).
 */
export function pythonOnPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-python-bin-'));
  fs.symlinkSync(run(systemPython(), ['-c', 'import sys; print(sys.executable)']).trim(), path.join(dir, 'python'));
  return dir;
}

/** Milliseconds each stage took in this process, for the timings report. */
export const timings: { [stage: string]: number } = {};

/** Adds this process's timings to test-reports/python-timings.json (two test files write it). */
export function saveTimings(): void {
  const file = path.join(ROOT, 'test-reports', 'python-timings.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const before = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
  fs.writeFileSync(file, JSON.stringify({ ...before, ...timings }, null, 2) + '\n');
}

function timed<T>(stage: string, fn: () => T): T {
  const start = Date.now();
  try {
    return fn();
  } finally {
    timings[stage] = Date.now() - start;
  }
}

/** The wheel of the current build (`npx projen compile` output), built by jsii-pacmak unless cached. */
export function buildWheel(): string {
  ensureCompiled();
  const python = systemPython();
  const pacmak = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', 'jsii-pacmak', 'package.json'), 'utf8')).version;
  const key = createHash('sha256')
    .update(fs.readFileSync(path.join(ROOT, '.jsii')))
    .update(`pacmak ${pacmak}; ${run(python, ['--version']).trim()}`)
    .digest('hex').slice(0, 16);
  const cacheDir = path.join(CACHE, 'python-wheel', key);
  const cached = (): string | undefined => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).find((f) => f.endsWith('.whl')) : undefined);
  withLock('python-wheel', () => {
    if (cached() !== undefined) {
      return;
    }
    timed('wheel build', () => {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-pacmak-'));
      // --no-npmignore: pacmak would otherwise add this temporary directory to .npmignore.
      // pacmak runs `python3` from PATH: put PDC_PYTHON's directory first when it is a path.
      const first: { [name: string]: string } = path.isAbsolute(python) ? { PATH: `${path.dirname(python)}${path.delimiter}${process.env.PATH}` } : {};
      run('npx', ['jsii-pacmak', '--targets', 'python', '--outdir', out, '--no-npmignore', '--no-fingerprint'], { env: pythonProcessEnv(first) });
      fs.mkdirSync(path.dirname(cacheDir), { recursive: true });
      fs.rmSync(cacheDir, { recursive: true, force: true });
      fs.renameSync(path.join(out, 'python'), cacheDir);
      fs.rmSync(out, { recursive: true, force: true });
    });
  });
  return path.join(cacheDir, cached()!);
}

/** A virtual environment with the wheel and the pinned projen and constructs from PyPI. */
export interface Venv {
  readonly dir: string;
  readonly python: string;
}

export function createVenv(wheel: string, pins: PythonPins): Venv {
  return timed(`venv install (${pins.label})`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pdc-venv-${pins.label}-`));
    run(systemPython(), ['-m', 'venv', dir]);
    const python = path.join(dir, 'bin', 'python');
    run(python, ['-m', 'pip', 'install', '--quiet', wheel, `projen==${pins.projen}`, `constructs==${pins.constructs}`]);
    return { dir, python };
  });
}

/** The installed version of a distribution in `venv`. */
export function installedVersion(venv: Venv, distribution: string): string {
  return run(venv.python, ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(distribution)}))`]).trim();
}

export interface PythonRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Copies `projenrc` to `.projenrc.py` in a new directory and runs it there with
 * the venv's python, as `npx projen` does in a projen Python project.
 */
export function runProjenrc(venv: Venv, projenrc: string, timingLabel?: string): PythonRun & { readonly dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-pyproject-'));
  fs.copyFileSync(projenrc, path.join(dir, '.projenrc.py'));
  return { dir, ...runIn(venv, dir, ['.projenrc.py'], timingLabel) };
}

/** Runs `python <args>` in `dir` with the venv's interpreter. */
export function runIn(venv: Venv, dir: string, args: string[], timingLabel?: string): PythonRun {
  const go = () => spawnSync(venv.python, args, { cwd: dir, encoding: 'utf8', env: pythonProcessEnv({ VIRTUAL_ENV: venv.dir }) });
  const result = timingLabel ? timed(timingLabel, go) : go();
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
