/**
 * The judge for tests: GitHub's own workflow parser, actionlint 1.7.12 and
 * (with `PDC_JUDGES=all`) zizmor.
 *
 * Every workflow the test suite synthesizes goes through `judgeWorkflow()` and
 * must come back with zero findings. `expectValidWorkflow()` is the assertion
 * tests use; it prints every finding when it fails. The judge itself lives in
 * `scripts/judge-core.ts`, shared with `npm run validate`; `judgeWorkflows()`
 * judges many texts with one process per native tool.
 */
import { formatFindings, judgeWorkflow, judgeWorkflows } from '../../scripts/judge-core';

export type { Finding, JudgeName, WorkflowInput } from '../../scripts/judge-core';
export { formatFindings, judgeWorkflow, judgeWorkflows };

/** Asserts that every selected judge accepts `text` with zero findings. */
export async function expectValidWorkflow(text: string, fileName = 'workflow.yml'): Promise<void> {
  const findings = await judgeWorkflow(text, fileName);
  if (findings.length > 0) {
    throw new Error(`${fileName}: ${findings.length} finding(s)\n${formatFindings(findings)}\n--- workflow ---\n${text}`);
  }
}
