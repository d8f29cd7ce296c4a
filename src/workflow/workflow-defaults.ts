/**
 * Workflow-wide `env:` and `defaults:`.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#defaults
 */
import type { DefaultsModel } from './workflow-model';
import { ENV_NAME } from '../jobs/job-output';
import { shellProblems } from '../jobs/shell';

/** Defaults for every `run:` step of the workflow. */
export interface WorkflowDefaults {
  /**
   * The shell of `run:` steps (a job's `shell` or a step's own wins).
   * Container jobs run it inside the image, which must have it.
   * @default - GitHub's default (`bash` on Linux runners, `sh` inside a container)
   */
  readonly shell?: string;
  /**
   * The directory `run:` steps start in, relative to the workspace.
   * @default - the workspace
   */
  readonly workingDirectory?: string;
}

/** The `defaults:` of a workflow, or `undefined` when nothing is set. */
export function defaultsToModel(defaults: WorkflowDefaults | undefined): DefaultsModel | undefined {
  if (defaults === undefined || (defaults.shell === undefined && defaults.workingDirectory === undefined)) {
    return undefined;
  }
  return { run: { shell: defaults.shell, workingDirectory: defaults.workingDirectory } };
}

/** Problems with `defaults`. */
export function defaultsProblems(defaults: unknown): string[] {
  if (defaults === undefined) {
    return [];
  }
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) {
    return [`defaults is ${JSON.stringify(defaults) ?? String(defaults)}; give { shell: 'bash' } and/or { workingDirectory: 'app' }, or leave it out.`];
  }
  const d = defaults as WorkflowDefaults;
  const problems = shellProblems(d.shell, 'defaults.shell');
  if (d.workingDirectory !== undefined && (typeof d.workingDirectory !== 'string' || d.workingDirectory.trim() === '')) {
    problems.push(`defaults.workingDirectory is ${JSON.stringify(d.workingDirectory) ?? String(d.workingDirectory)}; give a directory relative to the workspace, or leave it out.`);
  }
  return problems;
}

/**
 * Problems with the workflow `env`. A secret there would reach every step of
 * every job, so it is refused: pass it to the one step that needs it.
 */
export function workflowEnvProblems(env: unknown): string[] {
  if (env === undefined) {
    return [];
  }
  if (env === null || typeof env !== 'object' || Array.isArray(env)) {
    return [`env is ${JSON.stringify(env) ?? String(env)}; give a map of names to string values, for example { NODE_ENV: 'test' }.`];
  }
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env as { [name: string]: unknown })) {
    if (!ENV_NAME.test(name)) {
      problems.push(`env has the name ${JSON.stringify(name)}; an environment variable name has only letters, digits and _, and does not start with a digit.`);
    }
    if (typeof value !== 'string') {
      problems.push(`env.${name} is ${JSON.stringify(value) ?? String(value)}; give a string.`);
    } else if (/\$\{\{[^}]*\b(?:secrets\.|github\.token\b)/i.test(value)) {
      problems.push(`env.${name} reads a secret; a workflow-level variable reaches every step of every job, so pass the secret to the one step that needs it (its own env).`);
    } else if (/\$\{\{[^}]*\b(?:needs|steps|matrix|env|job|runner|strategy)\./.test(value)) {
      problems.push(`env.${name} reads a context that does not exist at workflow level; use only github, inputs and vars here.`);
    }
  }
  return problems;
}
