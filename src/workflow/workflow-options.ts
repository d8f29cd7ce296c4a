/**
 * Workflow-wide options besides triggers and actions: concurrency, env and
 * run defaults. Kept apart from {@link Workflow} so each concept has its file.
 */
import { defaultsProblems, defaultsToModel, WorkflowDefaults, workflowEnvProblems } from './workflow-defaults';
import type { WorkflowModel } from './workflow-model';
import { Concurrency, concurrencyProblems } from '../jobs/concurrency';

/** Options that apply to every job of a workflow. */
export interface WorkflowRunOptions {
  /**
   * Which runs replace each other.
   * @default Concurrency.cancelSupersededPullRequests() - a new push to a pull request cancels its older runs; nothing else is ever cancelled
   */
  readonly concurrency?: Concurrency;
  /**
   * Environment variables for every step of every job (not secrets: pass
   * those to the step that needs them).
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Defaults for every `run:` step (shell, working directory).
   * @default - GitHub's defaults
   */
  readonly defaults?: WorkflowDefaults;
}

/** The model pieces of the options of workflow `workflowId`. */
export function workflowOptionsToModel(options: WorkflowRunOptions, workflowId: string): Pick<WorkflowModel, 'concurrency' | 'env' | 'defaults'> {
  const env = options.env !== undefined && Object.keys(options.env).length > 0 ? { ...options.env } : undefined;
  return {
    concurrency: (options.concurrency ?? Concurrency.cancelSupersededPullRequests())._toModel(workflowId),
    env,
    defaults: defaultsToModel(options.defaults),
  };
}

/** Problems with the options. */
export function workflowOptionsProblems(options: WorkflowRunOptions): string[] {
  return [
    ...concurrencyProblems(options.concurrency),
    ...workflowEnvProblems(options.env),
    ...defaultsProblems(options.defaults),
  ];
}
