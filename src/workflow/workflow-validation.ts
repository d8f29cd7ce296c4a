/**
 * Synth-time checks of a workflow's own props and of its set of jobs, and
 * the checks across a project's workflows. Each problem says how to fix it.
 */
import { validateTriggers } from './trigger-model';
import type { Workflow } from './workflow';
import { workflowOptionsProblems } from './workflow-options';
import type { WorkflowProps } from './workflow-props';
import type { Job } from '../jobs/job';
import { textProblems } from '../jobs/step-validation';
import { constructPath } from '../validation/construct-path';
import { DOCS, seeDocs } from '../validation/docs-links';

/** A workflow id names the file: letters, digits, `.`, `_`, `-`. */
const WORKFLOW_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** The id, names, triggers and run options. */
export function workflowPropsProblems(props: WorkflowProps, workflowId: string): string[] {
  const problems: string[] = [];
  if (!WORKFLOW_ID.test(workflowId)) {
    problems.push(`workflow id "${workflowId}" names the file .github/workflows/<id>.yml; use letters, digits, ".", "_" and "-" only, for example "ci".`);
  }
  if (props.name !== undefined && (typeof props.name !== 'string' || props.name.trim() === '')) {
    problems.push('name is empty; give a name for the GitHub UI or leave it out to use the workflow id.');
  } else if (props.name?.includes('${{')) {
    problems.push(`name ${JSON.stringify(props.name)} contains "\${{", but GitHub refuses expressions in a workflow name; write it literally.${seeDocs(DOCS.workflowName)}`);
  } else {
    problems.push(...textProblems([['name', props.name]], ''));
  }
  const runName = props.runName as unknown;
  if (runName !== undefined && (typeof runName !== 'string' || runName.trim() === '')) {
    problems.push(`runName is ${JSON.stringify(runName) ?? String(runName)}; give the name of each run, for example 'Deploy \${{ inputs.version }}', or leave it out.`);
  } else if (typeof runName === 'string' && /\$\{\{[^}]*\b(?:secrets|env|needs|steps|matrix|job|jobs|runner|strategy)\./.test(runName)) {
    problems.push(`runName reads a context that does not exist when the run is named; use only github, inputs and vars.${seeDocs(DOCS.contexts)}`);
  } else {
    problems.push(...textProblems([['runName', runName]], ''));
  }
  problems.push(...validateTriggers(props.triggers));
  problems.push(...workflowOptionsProblems(props));
  return problems;
}

/** The boolean switches `dependabot` and `overwrite`. */
export function workflowFlagProblems(props: WorkflowProps): string[] {
  const problems: string[] = [];
  if (props.dependabot !== undefined && typeof props.dependabot !== 'boolean') {
    problems.push(`dependabot is ${JSON.stringify(props.dependabot) ?? String(props.dependabot)}; use false to leave .github/dependabot.yml alone, or leave it out.`);
  }
  if (props.overwrite !== undefined && typeof props.overwrite !== 'boolean') {
    problems.push(`overwrite is ${JSON.stringify(props.overwrite) ?? String(props.overwrite)}; use true to replace a hand-written workflow file, or leave it out.`);
  }
  return problems;
}

/** A workflow needs a job, and GitHub's job ids are case-insensitive. */
export function jobSetProblems(jobs: readonly Job[]): string[] {
  const problems: string[] = [];
  if (jobs.length === 0) {
    problems.push('has no jobs; add one, for example new RunnerJob(workflow, \'test\', { steps: [{ run: \'make test\' }] }).');
  }
  const seen = new Map<string, Job>();
  for (const job of jobs) {
    const other = seen.get(job.jobId.toLowerCase());
    if (other !== undefined) {
      problems.push(`jobs "${other.jobId}" and "${job.jobId}" differ only in case, and GitHub job ids are case-insensitive; rename one.${seeDocs(DOCS.jobId)}`);
    }
    seen.set(job.jobId.toLowerCase(), job);
  }
  return problems;
}

/** Problems across the project's workflows: files that exist already, ids that clash on case-insensitive disks. */
export function projectProblems(workflows: readonly Workflow[]): string[] {
  const problems = workflows.flatMap((w) => w._fileProblems());
  const seen = new Map<string, Workflow>();
  for (const workflow of workflows) {
    const other = seen.get(workflow.workflowId.toLowerCase());
    if (other !== undefined) {
      problems.push(`${constructPath(workflow)}: workflows "${other.workflowId}" and "${workflow.workflowId}" differ only in case, so their files clash on case-insensitive file systems (macOS, Windows); rename one.`);
    }
    seen.set(workflow.workflowId.toLowerCase(), workflow);
  }
  return problems;
}
