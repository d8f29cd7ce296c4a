/**
 * The judge for tests: GitHub's own workflow parser, actionlint 1.7.12,
 * zizmor 1.32.0 and the action facts (`PDC_JUDGES` selects fewer).
 *
 * Every workflow the test suite synthesizes goes through `judgeWorkflow()` and
 * must come back with zero findings. `expectValidWorkflow()` is the assertion
 * tests use; it prints every finding when it fails. The judge itself lives in
 * `scripts/judge-core.ts`, shared with `npm run validate`; `judgeWorkflows()`
 * judges many texts with one process per native tool.
 */
import { formatFindings, JudgeOptions, judgeWorkflow, judgeWorkflows } from '../../scripts/judge-core';

export type { Finding, JudgeName, JudgeOptions, WorkflowInput } from '../../scripts/judge-core';
export { formatFindings, judgeWorkflow, judgeWorkflows };

/** Asserts that every selected judge (or those of `options`) accepts `text` with zero findings. */
export async function expectValidWorkflow(text: string, fileName = 'workflow.yml', options: JudgeOptions = {}): Promise<void> {
  const findings = await judgeWorkflow(text, fileName, options);
  if (findings.length > 0) {
    throw new Error(`${fileName}: ${findings.length} finding(s)\n${formatFindings(findings)}\n--- workflow ---\n${text}`);
  }
}
