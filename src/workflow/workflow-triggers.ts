import type { DispatchInput } from './dispatch-inputs';
import type { WorkflowCallTrigger } from './workflow-call';

/**
 * The events that start a workflow, with GitHub's keys in camelCase (as
 * projen's `Triggers`). `pull_request_target` is deliberately absent: it runs
 * with a write token and the repository's secrets on pull requests from
 * forks, where checking out the fork's code hands both to the fork's author.
 * Events that run in the base repository's context (`workflowRun`,
 * `issueComment`, `pullRequestReview`...) get secrets too: never check out
 * and run a fork's code there.
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
  /**
   * Let other workflows call this one as a job (`ReusableWorkflowJob`), with
   * typed inputs and secrets; outputs are added with `workflow.addCallOutput()`.
   * @default - not callable
   */
  readonly workflowCall?: WorkflowCallTrigger;
  /**
   * Run when a release is published, created, edited...
   * @default - not triggered by releases
   */
  readonly release?: ReleaseTrigger;
  /**
   * Run when another workflow of the repository is requested or completes.
   * It runs in the base repository's context with secrets, also for runs
   * that came from a fork: never check out and run the triggering run's code.
   * zizmor reports every workflow_run trigger (dangerous-triggers); say why
   * this one is safe in `trustedBecause`.
   * @default - not triggered by other workflows
   */
  readonly workflowRun?: WorkflowRunTrigger;
  /**
   * Run on a `repository_dispatch` webhook (an API call).
   * @default - not triggered by repository dispatches
   */
  readonly repositoryDispatch?: ActivityTrigger;
  /**
   * Run when a published package (e.g. a container image on GHCR) is published or updated.
   * @default - not triggered by packages
   */
  readonly registryPackage?: ActivityTrigger;
  /**
   * Run on check run activity.
   * @default - not triggered by check runs
   */
  readonly checkRun?: ActivityTrigger;
  /**
   * Run on check suite activity (`completed`).
   * @default - not triggered by check suites
   */
  readonly checkSuite?: ActivityTrigger;
  /**
   * Run on issue and pull request comments, in the base repository's context
   * with secrets, for comments anyone can write. zizmor reports it
   * (dangerous-triggers); say why this workflow is safe in `trustedBecause`.
   * @default - not triggered by comments
   */
  readonly issueComment?: CommentTrigger;
  /**
   * Run on issue activity.
   * @default - not triggered by issues
   */
  readonly issues?: ActivityTrigger;
  /**
   * Run on pull request reviews.
   * @default - not triggered by reviews
   */
  readonly pullRequestReview?: ActivityTrigger;
  /**
   * Run on comments on a pull request's diff.
   * @default - not triggered by review comments
   */
  readonly pullRequestReviewComment?: ActivityTrigger;
  /**
   * Run on label activity (created, edited, deleted).
   * @default - not triggered by labels
   */
  readonly label?: ActivityTrigger;
  /**
   * Run on milestone activity.
   * @default - not triggered by milestones
   */
  readonly milestone?: ActivityTrigger;
  /**
   * Run on discussion activity.
   * @default - not triggered by discussions
   */
  readonly discussion?: ActivityTrigger;
  /**
   * Run on discussion comments.
   * @default - not triggered by discussion comments
   */
  readonly discussionComment?: ActivityTrigger;
  /**
   * Run when a branch protection rule changes.
   * @default - not triggered by branch protection rules
   */
  readonly branchProtectionRule?: ActivityTrigger;
  /**
   * Run when someone stars the repository (`started`).
   * @default - not triggered by stars
   */
  readonly watch?: ActivityTrigger;
  /**
   * Run when a branch or tag is created.
   * @default - not triggered by created refs
   */
  readonly create?: EventTrigger;
  /**
   * Run when a branch or tag is deleted.
   * @default - not triggered by deleted refs
   */
  readonly delete?: EventTrigger;
  /**
   * Run when a deployment is created.
   * @default - not triggered by deployments
   */
  readonly deployment?: EventTrigger;
  /**
   * Run when a deployment's status changes.
   * @default - not triggered by deployment statuses
   */
  readonly deploymentStatus?: EventTrigger;
  /**
   * Run when the repository is forked.
   * @default - not triggered by forks
   */
  readonly fork?: EventTrigger;
  /**
   * Run when the wiki changes.
   * @default - not triggered by wiki changes
   */
  readonly gollum?: EventTrigger;
  /**
   * Run after a GitHub Pages build.
   * @default - not triggered by Pages builds
   */
  readonly pageBuild?: EventTrigger;
  /**
   * Run when the repository becomes public.
   * @default - not triggered by visibility changes
   */
  readonly public?: EventTrigger;
  /**
   * Run when a commit status changes.
   * @default - not triggered by commit statuses
   */
  readonly status?: EventTrigger;
}

/** An event that takes only activity types, e.g. `release` or `issue_comment`. */
export interface ActivityTrigger {
  /**
   * Activity types, e.g. `published` for a release; each event has its own list.
   * @default - every type the event has
   */
  readonly types?: string[];
}

/** An event without filters (`create`, `delete`, `deployment`...). */
export interface EventTrigger {}

/** The `release` event. */
export interface ReleaseTrigger extends ActivityTrigger {}

/**
 * An event that runs with the base repository's token and secrets for
 * activity anyone can cause (a fork's run, a comment): the workflow must not
 * run what that activity brings.
 */
export interface PrivilegedTrigger extends ActivityTrigger {
  /**
   * Why this workflow is safe on that event (e.g. "reads the triggering
   * run's status only; checks out nothing of it"), written beside the event
   * as the answer to zizmor's dangerous-triggers finding. One line.
   */
  readonly trustedBecause: string;
}

/** The `issue_comment` event. */
export interface CommentTrigger extends PrivilegedTrigger {}

/** The `workflow_run` event. */
export interface WorkflowRunTrigger extends PrivilegedTrigger {
  /** The names (`name:`) of the workflows whose runs trigger this one. */
  readonly workflows: string[];
  /**
   * Only runs on these branches (glob patterns).
   * @default - all branches
   */
  readonly branches?: string[];
  /**
   * Not runs on these branches (cannot be combined with `branches`).
   * @default - none excluded
   */
  readonly branchesIgnore?: string[];
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
   * Activity types (GitHub has one: `checks_requested`).
   * @default - every type
   */
  readonly types?: string[];
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
