/**
 * The plain data a construct graph turns into before rendering: GitHub's
 * concepts with camelCase names, no YAML and no Docker knowledge. The renderer
 * maps it to GitHub's key names in a fixed order.
 */
import { Step } from '../jobs/step';

/** A permission level of the `GITHUB_TOKEN`. */
export type PermissionLevel = 'read' | 'write' | 'none';

/** Token permissions by scope (`contents`, `packages`, ...). */
export type PermissionsModel = { [scope: string]: PermissionLevel };

/** The `container:` of a job. */
export interface ContainerModel {
  readonly image: string;
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly options?: string;
}

/** One entry of a job's `services:`. */
export interface ServiceModel {
  readonly image: string;
  readonly credentials?: { readonly username: string; readonly password: string };
  readonly env?: { [name: string]: string };
  readonly ports?: string[];
  readonly options?: string;
}

/** A job's `strategy:`; `matrix` holds the variables, then `include`/`exclude`. */
export interface StrategyModel {
  readonly matrix: { [key: string]: string[] | { [key: string]: string }[] };
  readonly failFast?: boolean;
  readonly maxParallel?: number;
}

/** `defaults:` of a workflow or job. */
export interface DefaultsModel {
  readonly run: { readonly shell?: string; readonly workingDirectory?: string };
}

/** `concurrency:` of a workflow. */
export interface ConcurrencyModel {
  readonly group: string;
  /** `true`, `false`, or an expression such as `${{ github.event_name == 'pull_request' }}`. */
  readonly cancelInProgress: boolean | string;
}

/**
 * A step as the renderer sees it: the user's {@link Step}, plus a comment the
 * library writes after `uses:` (the exact version of a SHA-pinned action).
 */
export interface StepModel extends Step {
  /** Written as `uses: <ref> # <usesComment>`. */
  readonly usesComment?: string;
}

/** One job, keyed by its id in {@link WorkflowModel.jobs}. */
export interface JobModel {
  readonly name?: string;
  readonly needs: string[];
  readonly if?: string;
  /** Runner labels; may be empty only with `runnerGroup`. */
  readonly runsOn: string[];
  /** `runs-on: { group, labels }` when set. */
  readonly runnerGroup?: string;
  readonly permissions: PermissionsModel;
  readonly strategy?: StrategyModel;
  readonly outputs?: { [name: string]: string };
  readonly env?: { [name: string]: string };
  readonly defaults?: DefaultsModel;
  readonly timeoutMinutes?: number;
  readonly continueOnError?: boolean;
  readonly container?: ContainerModel;
  readonly services?: { [name: string]: ServiceModel };
  readonly steps: StepModel[];
}

/** A trigger's filters, already in GitHub's key names (`branches-ignore`, ...). */
export type TriggerModel = { [key: string]: string[] };

/** `workflow_dispatch` with its typed inputs. */
export type DispatchModel = { inputs: { [name: string]: { [key: string]: string | number | boolean | string[] | undefined } } };

/** A whole workflow. */
export interface WorkflowModel {
  readonly name: string;
  /** Event name (GitHub's, e.g. `pull_request`) to its filters; `schedule` holds cron lines. */
  readonly on: { [event: string]: TriggerModel | { cron: string }[] | DispatchModel };
  readonly permissions: PermissionsModel;
  readonly concurrency?: ConcurrencyModel;
  readonly env?: { [name: string]: string };
  readonly defaults?: DefaultsModel;
  readonly jobs: ReadonlyArray<readonly [string, JobModel]>;
}
