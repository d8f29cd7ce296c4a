/**
 * The judge: GitHub's own workflow parser, actionlint and zizmor, applied to
 * YAML text.
 *
 * - `workflow-parser`: @actions/workflow-parser (parse + convert), in process.
 * - `actionlint`: actionlint 1.7.12, native (`native-judges.ts`).
 * - `zizmor`: zizmor 1.32.0, offline audits, default persona (`native-judges.ts`).
 * - `action-facts`: the inputs, required inputs and outputs of the library's
 *   actions at their pinned releases (`action-facts-check.ts`).
 *
 * Which judges run: `options.judges`, else the `PDC_JUDGES` environment
 * variable (`all`, or a comma-separated list of names), else
 * `DEFAULT_JUDGES` (all of them).
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
import { actionFactsFindings } from './action-facts-check';
import { installJudgeTools, judgeToolPaths, JudgeTools } from './judge-tools';
import { NATIVE_ACTIONLINT_SOURCE, runNativeJudges, WorkflowInput } from './native-judges';

export type { WorkflowInput } from './native-judges';

/** One problem reported by a validator. */
export interface Finding {
  /** Which validator reported it. */
  readonly source: 'workflow-parser' | typeof NATIVE_ACTIONLINT_SOURCE | 'zizmor' | 'action-facts';
  /** 1-based line, when the validator gives one. */
  readonly line?: number;
  /** The validator's message. */
  readonly message: string;
  /** actionlint's rule name or zizmor's audit id ('not-audited' when zizmor could not load the workflow). */
  readonly kind?: string;
}

/** A judge's name, as `PDC_JUDGES` and `JudgeOptions.judges` take it. */
export type JudgeName = 'workflow-parser' | 'actionlint' | 'zizmor' | 'action-facts';
export const ALL_JUDGES: readonly JudgeName[] = ['workflow-parser', 'actionlint', 'zizmor', 'action-facts'];
/** The judges that run when neither `options.judges` nor `PDC_JUDGES` says otherwise: every one. */
export const DEFAULT_JUDGES: readonly JudgeName[] = ALL_JUDGES;

export interface JudgeOptions {
  /** The judges to run. @default judgesFromEnv() */
  readonly judges?: readonly JudgeName[];
  /** actionlint's config file (self-hosted runner labels and the like). @default DEFAULT_ACTIONLINT_CONFIG */
  readonly actionlintConfig?: string;
}

/** actionlint's config when the caller gives none: see the file for what it allows. */
export const DEFAULT_ACTIONLINT_CONFIG = path.join(__dirname, 'actionlint.yaml');

/** The judges `PDC_JUDGES` selects: unset, empty or `default` the default set, `all` every judge, or a comma-separated list. */
export function judgesFromEnv(value = process.env.PDC_JUDGES): JudgeName[] {
  const spec = (value ?? '').trim();
  if (spec === '' || spec === 'default') {
    return [...DEFAULT_JUDGES];
  }
  if (spec === 'all') {
    return [...ALL_JUDGES];
  }
  const names = spec.split(',').map((n) => n.trim());
  const unknown = names.filter((n) => !(ALL_JUDGES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new Error(`PDC_JUDGES: unknown judge ${unknown.map((n) => JSON.stringify(n)).join(', ')}; use "all", "default" or a comma-separated list of ${ALL_JUDGES.join(', ')}`);
  }
  return names as JudgeName[];
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

let tools: JudgeTools | undefined;

/** The native tools; installed on first use if jest's globalSetup or validate has not done it. */
function nativeTools(): JudgeTools {
  if (tools === undefined) {
    const paths = judgeToolPaths();
    tools = fs.existsSync(paths.zizmor) && fs.existsSync(paths.actionlint) ? paths : installJudgeTools().tools;
  }
  return tools;
}

/**
 * Every finding of the selected judges for each input, in input order. zizmor and
 * actionlint run once for the whole batch, so judging many texts here is much cheaper
 * than one `judgeWorkflow` call per text.
 */
export async function judgeWorkflows(inputs: readonly WorkflowInput[], options: JudgeOptions = {}): Promise<Finding[][]> {
  const judges = options.judges ?? judgesFromEnv();
  const native = judges.includes('actionlint') || judges.includes('zizmor');
  const nativeFindings = native
    ? runNativeJudges(inputs, {
      tools: nativeTools(),
      actionlint: judges.includes('actionlint'),
      zizmor: judges.includes('zizmor'),
      actionlintConfig: options.actionlintConfig ?? DEFAULT_ACTIONLINT_CONFIG,
    })
    : Promise.resolve(inputs.map(() => []));
  // Awaited below; this keeps a failure while the parser runs from counting as unhandled.
  nativeFindings.catch(() => undefined);
  // The native tools run in their own processes meanwhile.
  const parserFindings: Finding[][] = [];
  for (const input of inputs) {
    parserFindings.push(judges.includes('workflow-parser') ? await runWorkflowParser(input.text, input.fileName) : []);
  }
  const nativeResults = await nativeFindings;
  return parserFindings.map((findings, i) => [
    ...findings,
    ...nativeResults[i],
    ...(judges.includes('action-facts') ? actionFactsFindings(inputs[i].text) : []),
  ]);
}

/**
 * Returns every finding of the selected judges (see the top of this file) for `text`.
 * `fileName` is the name under `.github/workflows/` that the workflow would have.
 */
export async function judgeWorkflow(text: string, fileName = 'workflow.yml', options: JudgeOptions = {}): Promise<Finding[]> {
  return (await judgeWorkflows([{ text, fileName }], options))[0];
}

/** Formats findings one per line, for failure messages and the command line. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${f.source}${f.line !== undefined ? `:${f.line}` : ''}${f.kind ? ` [${f.kind}]` : ''} ${f.message}`)
    .join('\n');
}
