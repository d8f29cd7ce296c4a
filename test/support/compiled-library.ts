/**
 * `lib/` and `.jsii`, the compiled library that the packed npm package and the
 * Python wheel are made from. `npm test` does not compile (jest reads `src/`
 * through ts-jest), so the tests that need the build compile it themselves,
 * once, when it is missing or older than `src/`.
 *
 * Two jest workers may need it at the same time (the e2e and the Python tests):
 * a lock makes the second wait instead of compiling into the same files while
 * the first is writing them.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Where the tests keep what they build between runs (the Python wheel) and their locks. */
export const CACHE = path.join(ROOT, 'node_modules', '.cache', 'projen-docker-ci');
/** A compile or a wheel build takes under a minute even on a loaded machine; a lock older than this was left by a killed run. */
const STALE_LOCK_MS = 10 * 60_000;

/** True when `lib/` or `.jsii` is missing or older than some file under `src/`. */
export function libIsStale(): boolean {
  const built = path.join(ROOT, '.jsii');
  if (!fs.existsSync(path.join(ROOT, 'lib', 'index.js')) || !fs.existsSync(built)) {
    return true;
  }
  const builtAt = fs.statSync(built).mtimeMs;
  const sources = fs.readdirSync(path.join(ROOT, 'src'), { recursive: true, encoding: 'utf8' });
  return sources.some((file) => fs.statSync(path.join(ROOT, 'src', file)).mtimeMs > builtAt);
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Holds the lock `name` (a directory under CACHE) while `fn` runs; waits while another process holds it. */
export function withLock<T>(name: string, fn: () => T): T {
  const lock = path.join(CACHE, `${name}.lock`);
  fs.mkdirSync(CACHE, { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw e;
      }
      const held = fs.statSync(lock, { throwIfNoEntry: false });
      if (held === undefined) {
        continue; // released between mkdir and stat: try again at once
      }
      if (Date.now() - held.mtimeMs > STALE_LOCK_MS) {
        fs.rmSync(lock, { recursive: true, force: true });
      } else {
        sleep(250);
      }
    }
  }
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Compiles the library with jsii (as `npx projen compile` does) unless `lib/` and `.jsii` are current. */
export function ensureCompiled(): void {
  if (!libIsStale()) {
    return;
  }
  withLock('jsii', () => {
    // Checked again: the process that held the lock may just have compiled.
    if (libIsStale()) {
      try {
        execFileSync('npx', ['jsii', '--silence-warnings=reserved-word'], {
          cwd: ROOT,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          env: { ...process.env, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' },
        });
      } catch (e) {
        // jsii reports compile errors on stdout.
        const err = e as { stdout?: string; stderr?: string };
        throw new Error(`npx jsii failed in ${ROOT}:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
      }
    }
  });
}
