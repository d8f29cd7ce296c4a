/**
 * The plain data a construct graph turns into before rendering: GitHub's
 * concepts with camelCase names, no YAML and no Docker knowledge. The renderer
 * maps it to GitHub's key names in a fixed order.
 */
import type { Step } from '../jobs/step';

/** A permission level of the `GITHUB_TOKEN`. */
export type PermissionLevel = 'read' | 'write' | 'none';

/** Token permissions by scope (`contents`, `packages`, ...). */
export type PermissionsModel = { [scope: string]: PermissionLevel };

/** A registry user name and password (a container's or a service's). */
export interface CredentialsModel {
  readonly username: string;
  readonly password: string;
}

/** The `container:` of a job. */
export interface ContainerModel {
  readonly image: string;
  /** Why the image is pinned though it is an expression (written as a comment after it). */
  readonly imageNote?: string;
  readonly credentials?: CredentialsModel;
  readonly env?: { [name: string]: string };
  readonly ports?: string[];
  readonly volumes?: string[];
  readonly options?: string;
}

/** One entry of a job's `services:`. */
export interface ServiceModel {
  readonly image: string;
  /** Why the image is pinned though it is an expression (written as a comment after it). */
  readonly imageNote?: string;
  readonly credentials?: CredentialsModel;
  readonly env?: { [name: string]: string };
  readonly ports?: string[];
  readonly volumes?: string[];
  readonly options?: string;
}

/** A JSON value of a matrix (a string, number, boolean, list or object). */
export type MatrixValue = string | number | boolean | MatrixValue[] | { [key: string]: MatrixValue };

/**
 * A job's `strategy:`. `matrix` holds the variables, then `include`/`exclude`;
 * a variable (or the whole matrix) may be an expression read at run time
 * (`${{ fromJSON(needs.plan.outputs.targets) }}`).
 */
export interface StrategyModel {
  readonly matrix?: { [key: string]: MatrixValue[] | string } | string;
  readonly failFast?: boolean;
  readonly maxParallel?: number;
}

/** `defaults:` of a workflow or job. */
export interface DefaultsModel {
  readonly run: { readonly shell?: string; readonly workingDirectory?: string };
}

/** `concurrency:` of a workflow or job. */
export interface ConcurrencyModel {
  readonly group: string;
  /** `true`, `false`, or an expression such as `${{ github.event_name == 'pull_request' }}`. */
  readonly cancelInProgress: boolean | string;
}

/** `environment:` of a job. */
export interface EnvironmentModel {
  readonly name: string;
  readonly url?: string;
}

/** A step as the renderer sees it (an action's `uses` may carry its version as ` # v1.2.3`). */
export type StepModel = Step;

/** One job, keyed by its id in {@link WorkflowModel.jobs}. */
export interface JobModel {
  readonly name?: string;
  readonly needs: string[];
  readonly if?: string;
  /** Runner labels; may be empty only with `runnerGroup`, or for a job that calls a reusable workflow. */
  readonly runsOn: string[];
  /** `runs-on: { group, labels }` when set. */
  readonly runnerGroup?: string;
  readonly environment?: EnvironmentModel;
  readonly concurrency?: ConcurrencyModel;
  readonly permissions: PermissionsModel;
  readonly strategy?: StrategyModel;
  readonly outputs?: { [name: string]: string };
  readonly env?: { [name: string]: string };
  readonly defaults?: DefaultsModel;
  readonly timeoutMinutes?: number;
  /** `true`, or an expression such as `${{ matrix.experimental }}`. */
  readonly continueOnError?: boolean | string;
  readonly container?: ContainerModel;
  readonly services?: { [name: string]: ServiceModel };
  /** A reusable workflow this job calls (then it has no runner and no steps). */
  readonly uses?: string;
  /** The called workflow's inputs. */
  readonly with?: { [name: string]: string | number | boolean };
  /** The called workflow's secrets, or `inherit`. */
  readonly secrets?: { [name: string]: string } | 'inherit';
  readonly steps: StepModel[];
}

/** A trigger's filters, already in GitHub's key names (`branches-ignore`, ...). */
export type TriggerModel = { [key: string]: string[] };

/**
 * An event that runs with the repository's secrets for activity anyone can
 * cause (`workflow_run`, `issue_comment`), with the user's reason it is safe
 * here (written beside it, for zizmor's dangerous-triggers audit).
 */
export class TrustedTrigger {
  constructor(public readonly filters: TriggerModel, public readonly trustedBecause: string) {}
}

/** `workflow_dispatch` or `workflow_call` inputs, secrets and outputs, GitHub's keys. */
export type InputsModel = { [name: string]: { [key: string]: string | number | boolean | string[] | undefined } };

/** A whole workflow. */
export interface WorkflowModel {
  readonly name: string;
  /** `run-name:`, the name of each run. */
  readonly runName?: string;
  /** Event name (GitHub's, e.g. `pull_request`) to its filters, cron lines or inputs. */
  readonly on: { [event: string]: unknown };
  readonly permissions: PermissionsModel;
  readonly concurrency?: ConcurrencyModel;
  readonly env?: { [name: string]: string };
  readonly defaults?: DefaultsModel;
  readonly jobs: ReadonlyArray<readonly [string, JobModel]>;
}
