/**
 * The judge's native tools, zizmor and actionlint (installed by
 * `judge-tools.ts`), run over many workflow texts in one process each.
 *
 * Both take files, so each text is written to a temporary directory as
 * `<n>/.github/workflows/<fileName>`, one folder per text (two texts may
 * share a name), and every file goes to one call of each tool: zizmor spends
 * ~90 ms starting and ~2 ms per file, actionlint ~10 ms and well under 1 ms
 * per file, so one call per batch rather than per workflow.
 *
 * - zizmor: `--offline` (offline audits only), default persona (`regular`),
 *   `--no-config` (a judged text answers for itself: its inline
 *   `# zizmor: ignore[...]` comments count, a config file somewhere above
 *   the temporary directory does not). An input it cannot read as a workflow
 *   is skipped with a warning, not reported, so the judge reports it.
 * - actionlint: `-format '{{json .}}'`, a config file for self-hosted runner
 *   labels (`-config-file`), and shellcheck and pyflakes off (`-shellcheck=`,
 *   `-pyflakes=`): whether they are on PATH must not change the verdict.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Finding } from './judge-core';
import { ACTIONLINT_VERSION, JudgeTools } from './judge-tools';

/** A workflow to judge: its text and its name under `.github/workflows/`. */
export interface WorkflowInput {
  readonly text: string;
  readonly fileName: string;
}

/** The source actionlint's native build's findings carry. */
export const NATIVE_ACTIONLINT_SOURCE = `actionlint-${ACTIONLINT_VERSION}` as const;

interface Output {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function execute(command: string, args: readonly string[], cwd: string): Promise<Output> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
  });
}

/** A name the file system takes: the base name, `.yml` added when it has neither workflow extension. */
function diskName(fileName: string): string {
  const base = fileName.replace(/[/\\]/g, '_').replace(/^\.+$/, '_');
  return /\.ya?ml$/.test(base) ? base : `${base}.yml`;
}

/** Writes the inputs to a fresh temporary directory; returns it and each input's path relative to it. */
function writeInputs(inputs: readonly WorkflowInput[]): { dir: string; files: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-judge-'));
  const files = inputs.map((input, i) => {
    const relative = path.join(String(i), '.github', 'workflows', diskName(input.fileName));
    fs.mkdirSync(path.join(dir, path.dirname(relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), input.text);
    return relative;
  });
  return { dir, files };
}

/** The input index a reported path belongs to (its first component). */
function indexOf(reported: string, count: number): number {
  const index = Number(reported.split(/[/\\]/)[0]);
  if (!Number.isInteger(index) || index < 0 || index >= count) {
    throw new Error(`judge: a tool reported a file it was not given: ${reported}`);
  }
  return index;
}

/** `message` with the temporary folder of `file` left out: it names `.github/workflows/<name>`, as the text's own name. */
function withoutFolder(message: string, file: string): string {
  return message.split(file).join(file.slice(file.indexOf(path.sep) + 1));
}

/** zizmor's JSON (v1) finding, the fields the judge reads. */
interface ZizmorFinding {
  readonly ident: string;
  readonly desc: string;
  readonly locations: ReadonlyArray<{
    readonly symbolic: { readonly key: { readonly Local?: { readonly verbatim_path: string } }; readonly annotation: string; readonly kind: string };
    readonly concrete: { readonly location: { readonly start_point: { readonly row: number } } };
  }>;
}

/** One zizmor run over `files`; an input that kills the whole run is dropped and reported, and the rest run again. */
async function zizmor(tools: JudgeTools, dir: string, files: readonly string[]): Promise<Finding[][]> {
  const perInput: Finding[][] = files.map(() => []);
  let remaining = [...files];
  let result: Output;
  for (;;) {
    result = await execute(tools.zizmor, ['--offline', '--no-config', '--no-exit-codes', '--no-progress', '--color', 'never', '--format', 'json', ...remaining], dir);
    if (result.status === 0) {
      break;
    }
    // Every remaining input skipped (see below): nothing was audited, and zizmor says so by failing.
    if (/error: no inputs collected/.test(result.stderr)) {
      result = { ...result, stdout: '[]' };
      break;
    }
    // zizmor 1.32.0 aborts the run ("fatal: no audit was performed") when an input passes its
    // schema but not its model (an empty `runs-on: { group }`): the error names that input.
    const culprit = /failed to load file:\/\/(.+?) as workflow/.exec(result.stderr)?.[1];
    if (culprit === undefined || !remaining.includes(culprit)) {
      throw new Error(`judge: zizmor failed (exit ${result.status}):\n${result.stderr.trim()}`);
    }
    const cause = result.stderr.slice(result.stderr.indexOf('Caused by:')).split('\n\n')[0].replace(/\s+/g, ' ').trim();
    perInput[indexOf(culprit, files.length)].push({ source: 'zizmor', kind: 'not-audited', message: `zizmor could not load this workflow: ${withoutFolder(cause, culprit)}` });
    remaining = remaining.filter((f) => f !== culprit);
    if (remaining.length === 0) {
      return perInput;
    }
  }
  for (const finding of JSON.parse(result.stdout) as ZizmorFinding[]) {
    const primary = finding.locations.find((l) => l.symbolic.kind === 'Primary') ?? finding.locations[0];
    const file = primary.symbolic.key.Local?.verbatim_path;
    if (file === undefined) {
      throw new Error(`judge: zizmor reported a finding outside the given files: ${JSON.stringify(primary.symbolic.key)}`);
    }
    perInput[indexOf(file, files.length)].push({
      source: 'zizmor',
      line: primary.concrete.location.start_point.row + 1,
      kind: finding.ident,
      message: primary.symbolic.annotation ? `${finding.desc}: ${primary.symbolic.annotation}` : finding.desc,
    });
  }
  // zizmor logs `completed <input>` for each input it audited and skips, with a warning, any it
  // cannot load: no finding would mean "not looked at", so that is a finding of its own.
  const lines = result.stderr.split('\n').map((l) => l.trim());
  const completed = new Set(lines.map((l) => /\bcompleted (.+)$/.exec(l)?.[1]));
  remaining.forEach((file) => {
    if (!completed.has(file)) {
      const why = lines.filter((l) => l.includes(`file://${file} `) || l.includes(`${file}:`)).join('; ') || lines.filter((l) => /\bWARN\b/.test(l)).join('; ');
      perInput[indexOf(file, files.length)].push({ source: 'zizmor', kind: 'not-audited', message: `zizmor could not load this workflow, so it audited nothing: ${withoutFolder(why, file)}` });
    }
  });
  return perInput;
}

/** actionlint's `{{json .}}` error, the fields the judge reads. */
interface ActionlintError {
  readonly message: string;
  readonly filepath: string;
  readonly line: number;
  readonly kind: string;
}

async function actionlint(tools: JudgeTools, configFile: string, dir: string, files: readonly string[]): Promise<Finding[][]> {
  const result = await execute(tools.actionlint, ['-format', '{{json .}}', '-config-file', configFile, '-shellcheck=', '-pyflakes=', ...files], dir);
  // 0: no problem, 1: problems found; anything else is actionlint failing (bad option, bad config).
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`judge: actionlint ${ACTIONLINT_VERSION} failed (exit ${result.status}):\n${result.stderr.trim()}${result.stdout.trim()}`);
  }
  const perInput: Finding[][] = files.map(() => []);
  for (const error of JSON.parse(result.stdout) as ActionlintError[]) {
    const { line, kind, message } = error;
    perInput[indexOf(error.filepath, files.length)].push({ source: NATIVE_ACTIONLINT_SOURCE, line, kind, message });
  }
  return perInput;
}

/** Which native tools to run, with what. */
export interface NativeRun {
  readonly tools: JudgeTools;
  readonly zizmor: boolean;
  readonly actionlint: boolean;
  /** actionlint's config file (self-hosted runner labels and the like). */
  readonly actionlintConfig: string;
}

/** Every finding of the selected native tools for each input, in input order. */
export async function runNativeJudges(inputs: readonly WorkflowInput[], run: NativeRun): Promise<Finding[][]> {
  const perInput: Finding[][] = inputs.map(() => []);
  if (inputs.length === 0 || (!run.zizmor && !run.actionlint)) {
    return perInput;
  }
  const { dir, files } = writeInputs(inputs);
  try {
    const results = await Promise.all([
      run.actionlint ? actionlint(run.tools, run.actionlintConfig, dir, files) : [],
      run.zizmor ? zizmor(run.tools, dir, files) : [],
    ]);
    for (const result of results) {
      result.forEach((findings, i) => perInput[i].push(...findings));
    }
    return perInput;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
