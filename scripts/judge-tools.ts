/**
 * The judge's native tools, pinned and installed by the project itself:
 *
 * - zizmor (PyPI, a Rust binary shipped as a wheel) in a virtualenv;
 * - actionlint, built from its official Go module with `go install`.
 *
 * Both go to `node_modules/.cache/pdc-judges/` (gitignored, and wiped with
 * node_modules by `npm ci`, so a fresh install matches the lockfile's
 * generation). The jest globalSetup (`test/support/global-setup.ts`) and
 * `npm run validate` call `installJudgeTools()`, so `npm ci && npm test`
 * works on a machine that has python3 and go and nothing else. A tool whose
 * `--version` already answers the pinned version is reused, so only the first
 * run pays for the install.
 *
 * Nothing here is committed code of theirs or a binary: pip and the Go module
 * proxy fetch the official releases at install time.
 */
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** zizmor's PyPI version (the newest on PyPI when pinned). */
export const ZIZMOR_VERSION = '1.32.0';
/** actionlint's release, built from its Go module (needs Go 1.25+, its go.mod's `go` line). */
export const ACTIONLINT_VERSION = '1.7.12';
const ACTIONLINT_MODULE = 'github.com/rhysd/actionlint/cmd/actionlint';

/** Where the tools live unless a caller says otherwise. */
export const JUDGE_TOOLS_DIR = path.resolve(__dirname, '..', 'node_modules', '.cache', 'pdc-judges');

/** Paths of the installed executables. */
export interface JudgeTools {
  readonly zizmor: string;
  readonly actionlint: string;
}

/** What `installJudgeTools` did. */
export interface InstallReport {
  readonly tools: JudgeTools;
  /** The tools it had to install ('zizmor', 'actionlint'); empty when both were already there. */
  readonly installed: readonly string[];
}

export interface InstallOptions {
  /** Install directory. @default JUDGE_TOOLS_DIR */
  readonly dir?: string;
  /** Environment for the installers (PATH decides which python3 and go run). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Progress lines. @default nothing is printed */
  readonly log?: (line: string) => void;
}

/** The executables' paths below `dir`. */
export function judgeToolPaths(dir = JUDGE_TOOLS_DIR): JudgeTools {
  return { zizmor: path.join(dir, 'venv', 'bin', 'zizmor'), actionlint: path.join(dir, 'bin', 'actionlint') };
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** True when `file --version` (or actionlint's `-version`) prints the pinned version. */
function hasVersion(tools: JudgeTools, tool: 'zizmor' | 'actionlint', env: NodeJS.ProcessEnv): boolean {
  if (!fs.existsSync(tools[tool])) {
    return false;
  }
  const result = run(tools[tool], [tool === 'zizmor' ? '--version' : '-version'], env);
  const first = (result.stdout ?? '').split('\n')[0].trim();
  return result.status === 0 && first === (tool === 'zizmor' ? `zizmor ${ZIZMOR_VERSION}` : `v${ACTIONLINT_VERSION}`);
}

/** Every missing prerequisite for the tools to install, one line each. */
function missingPrerequisites(need: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  if (need.includes('zizmor')) {
    const python = run('python3', ['-c', 'import venv, ensurepip'], env);
    if (python.error !== undefined) {
      problems.push(`python3 is not on PATH: zizmor ${ZIZMOR_VERSION} is installed from PyPI into a virtualenv (install Python 3 with its venv module, e.g. Debian's python3 and python3-venv)`);
    } else if (python.status !== 0) {
      problems.push(`python3 has no venv/ensurepip module, which the zizmor ${ZIZMOR_VERSION} virtualenv needs (Debian: apt-get install python3-venv): ${python.stderr.trim()}`);
    }
  }
  if (need.includes('actionlint') && run('go', ['version'], env).error !== undefined) {
    problems.push(`go is not on PATH: actionlint ${ACTIONLINT_VERSION} is built from its Go module with \`go install\` (install Go 1.25 or newer, https://go.dev/dl/)`);
  }
  return problems;
}

/** Runs one install step; a failure throws with the step's own output. */
function step(what: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
  const result = run(command, args, env);
  if (result.error !== undefined || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`judge tools: ${what} failed (${command} ${args.join(' ')}): ${result.error?.message ?? `exit ${result.status}`}\n${output}`);
  }
}

/** Sleeps without an event loop (the installer is synchronous, so jest's globalSetup and validate can call it plainly). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * One installer at a time per directory (two jest runs, or jest and `npm run validate`, may start
 * together): a lock directory, taken atomically by mkdir. A lock older than the longest install
 * (10 minutes) is left over from a killed run and is taken over.
 */
function withLock<T>(dir: string, body: () => T): T {
  const lock = `${dir}.lock`;
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if (age > 10 * 60_000) {
        fs.rmSync(lock, { recursive: true, force: true });
      } else {
        sleep(200);
      }
    }
  }
  try {
    return body();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Installs zizmor and actionlint at their pinned versions unless they are already there.
 * Throws one error listing every missing prerequisite (python3, go) when something must be
 * installed and cannot be.
 */
export function installJudgeTools(options: InstallOptions = {}): InstallReport {
  const dir = options.dir ?? JUDGE_TOOLS_DIR;
  const env = options.env ?? process.env;
  const log = options.log ?? (() => undefined);
  const tools = judgeToolPaths(dir);
  const need = () => (['zizmor', 'actionlint'] as const).filter((t) => !hasVersion(tools, t, env));
  if (need().length === 0) {
    return { tools, installed: [] };
  }
  return withLock(dir, () => {
    // Another installer may have finished while this one waited for the lock.
    const missing = need();
    const problems = missingPrerequisites(missing, env);
    if (problems.length > 0) {
      throw new Error(`The judge needs tools it cannot install:\n${problems.map((p) => `- ${p}`).join('\n')}`);
    }
    if (missing.includes('zizmor')) {
      log(`judge tools: installing zizmor ${ZIZMOR_VERSION} from PyPI into ${path.join(dir, 'venv')}`);
      const venv = path.join(dir, 'venv');
      if (!fs.existsSync(path.join(venv, 'bin', 'python'))) {
        step('creating the virtualenv', 'python3', ['-m', 'venv', venv], env);
      }
      step(`pip install zizmor==${ZIZMOR_VERSION}`, path.join(venv, 'bin', 'python'),
        ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-input', `zizmor==${ZIZMOR_VERSION}`], env);
    }
    if (missing.includes('actionlint')) {
      log(`judge tools: building actionlint ${ACTIONLINT_VERSION} from its Go module into ${path.join(dir, 'bin')}`);
      // CGO off: a pure-Go static binary, no C compiler needed.
      step(`go install actionlint@v${ACTIONLINT_VERSION}`, 'go', ['install', `${ACTIONLINT_MODULE}@v${ACTIONLINT_VERSION}`],
        { ...env, GOBIN: path.join(dir, 'bin'), CGO_ENABLED: '0' });
    }
    const broken = need();
    if (broken.length > 0) {
      throw new Error(`judge tools: installed ${broken.join(' and ')} but ${broken.length > 1 ? 'they do' : 'it does'} not report the pinned version (zizmor ${ZIZMOR_VERSION}, actionlint ${ACTIONLINT_VERSION}); remove ${dir} and retry`);
    }
    return { tools, installed: missing };
  });
}
