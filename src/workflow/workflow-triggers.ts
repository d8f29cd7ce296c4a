import type { DispatchInput } from './dispatch-inputs';

/**
 * The events that start a workflow, with GitHub's keys in camelCase (as
 * projen's `Triggers`). Events that run untrusted fork code with a privileged
 * token (`pull_request_target`, `workflow_run`) are deliberately absent.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows
 */
export interface WorkflowTriggers {
  /**
   * Run on pushes.
   * @default - not triggered by pushes
   */
  readonly push?: PushTrigger;
  /**
   * Run on pull requests (from forks too: their token is read-only, so the
   * image is not pushed and container jobs are skipped).
   * @default - not triggered by pull requests
   */
  readonly pullRequest?: PullRequestTrigger;
  /**
   * Run for a merge queue.
   * @default - not triggered by merge queues
   */
  readonly mergeGroup?: MergeGroupTrigger;
  /**
   * Allow starting the workflow by hand.
   * @default - cannot be started by hand
   */
  readonly workflowDispatch?: WorkflowDispatchTrigger;
  /**
   * Run on a schedule (UTC).
   * @default - no schedule
   */
  readonly schedule?: CronSchedule[];
}

/** Filters of the `push` event. */
export interface PushTrigger {
  /**
   * Only these branches (glob patterns).
   * @default - all branches
   */
  readonly branches?: string[];
  /**
   * Not these branches (cannot be combined with `branches`).
   * @default - none excluded
   */
  readonly branchesIgnore?: string[];
  /**
   * Only these tags (glob patterns).
   * @default - all tags
   */
  readonly tags?: string[];
  /**
   * Not these tags (cannot be combined with `tags`).
   * @default - none excluded
   */
  readonly tagsIgnore?: string[];
  /**
   * Only when these paths change: globs relative to the repository root
   * (`src/**`), never starting with `/` or `./`, which would match nothing.
   * @default - any path
   */
  readonly paths?: string[];
  /**
   * Not when only these paths change (cannot be combined with `paths`).
   * @default - none excluded
   */
  readonly pathsIgnore?: string[];
}

/** Filters of the `pull_request` event. */
export interface PullRequestTrigger {
  /**
   * Only pull requests into these base branches.
   * @default - all branches
   */
  readonly branches?: string[];
  /**
   * Not into these base branches (cannot be combined with `branches`).
   * @default - none excluded
   */
  readonly branchesIgnore?: string[];
  /**
   * Only when these paths change: globs relative to the repository root
   * (`src/**`), never starting with `/` or `./`, which would match nothing.
   * @default - any path
   */
  readonly paths?: string[];
  /**
   * Not when only these paths change (cannot be combined with `paths`).
   * @default - none excluded
   */
  readonly pathsIgnore?: string[];
  /**
   * Activity types (e.g. `opened`, `synchronize`, `reopened`).
   * @default - GitHub's default: opened, synchronize, reopened
   */
  readonly types?: string[];
}

/** Filters of the `merge_group` event. */
export interface MergeGroupTrigger {
  /**
   * Only merge groups into these branches.
   * @default - all branches
   */
  readonly branches?: string[];
}

/** The `workflow_dispatch` event. */
export interface WorkflowDispatchTrigger {
  /**
   * Typed inputs asked for when the run is started by hand; read them with
   * `DispatchInputs.value('name')`.
   * @default - no inputs
   */
  readonly inputs?: { [name: string]: DispatchInput };
}

/** One `schedule` entry. */
export interface CronSchedule {
  /** A POSIX cron expression of five fields, in UTC (e.g. `0 4 * * 1`). */
  readonly cron: string;
}
