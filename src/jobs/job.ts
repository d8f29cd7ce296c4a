import { Construct } from 'constructs';
import { JobOutput } from './job-output';
import { mergePermissions, PermissionRequirement, validatePermissions } from './permission-merge';
import { JobPermissions } from './permissions';
import { envNameProblems, isPositiveInteger, reservedIdProblems, textProblems } from './step-validation';
import type { ActionKey } from '../actions/action-table';
import { addProblemCheck } from '../validation/collect-problems';
import { constructPath } from '../validation/construct-path';
import { DOCS, seeDocs } from '../validation/docs-links';
import { WorkflowValidationError } from '../validation/workflow-validation-error';
import type { Workflow } from '../workflow/workflow';
import type { JobModel } from '../workflow/workflow-model';

/**
 * True when `scope` is a {@link Workflow}. Checked by shape: importing the
 * class here would make the two modules import each other.
 */
function isWorkflow(scope: unknown): scope is Workflow {
  const candidate = scope as Partial<Workflow> | undefined;
  return typeof candidate?.workflowId === 'string' && candidate._actions !== undefined && candidate.node !== undefined;
}

/** GitHub's rule for job ids. */
const JOB_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Options every job accepts. */
export interface JobProps {
  /**
   * The job's display name in the GitHub UI.
   * @default - the job id
   */
  readonly name?: string;
  /**
   * Runner labels; the job runs on a runner that has all of them.
   * Container jobs need a Linux runner.
   * @default ['ubuntu-latest']
   * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idruns-on
   */
  readonly runsOn?: string[];
  /**
   * A runner group to pick the runner from (`runs-on: { group, labels }`):
   * an organization's self-hosted runners or GitHub's larger runners. With
   * `runsOn`, the runner must also carry those labels; without it, any runner
   * of the group will do.
   * @default - no group: any runner with the `runsOn` labels
   * @see https://docs.github.com/en/actions/how-tos/write-workflows/choose-where-workflows-run/choose-the-runner-for-a-job#choosing-runners-in-a-group
   */
  readonly runnerGroup?: string;
  /**
   * Cancel the job after this many minutes (GitHub's own default is 360).
   * @default - 60 for a build job, 30 for a container test job
   */
  readonly timeoutMinutes?: number;
  /**
   * Environment variables for every step of the job.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Token permissions to grant on top of what the job's own steps need
   * (merged per scope, the higher level wins). Setting a scope lower than the
   * job needs (e.g. `packages: READ` on a build job, which pushes) is refused,
   * naming what needs it.
   * @default - exactly what the job's steps need
   */
  readonly permissions?: JobPermissions;
}

/**
 * A job of a {@link Workflow}. The construct id is the job id.
 */
export abstract class Job extends Construct {
  /** The workflow this job belongs to. */
  public readonly workflow: Workflow;
  /** Jobs that must succeed before this one starts, in the order they were added. */
  private readonly dependencies: Job[] = [];
  private readonly jobProps: JobProps;
  /** The id as written by the user (`constructs` rewrites some characters in `node.id`). */
  private readonly requestedId: string;

  constructor(workflow: Workflow, id: string, props: JobProps = {}) {
    // A job outside a Workflow would never be written; say so instead of ignoring it.
    if (!isWorkflow(workflow)) {
      throw new WorkflowValidationError([`${String(id)}: the scope of a job must be a Workflow, for example new ${new.target.name}(new Workflow(project, 'ci', { ... }), '${String(id)}', { ... }).`]);
    }
    // An empty or duplicate id would make `constructs` throw its own error; say it our way, before `super`.
    if (typeof id !== 'string' || id === '') {
      throw new WorkflowValidationError([`${constructPath(workflow)}: a job id is ${JSON.stringify(id) ?? String(id)}; give each job an id that starts with a letter or _ and contains only letters, digits, - and _ (for example "build_image").`]);
    }
    if (workflow.node.tryFindChild(id) !== undefined) {
      throw new WorkflowValidationError([`${constructPath(workflow)}/${id}: a job with id "${id}" already exists in workflow "${workflow.workflowId}"; give each job a unique id.`]);
    }
    super(workflow, id);
    this.workflow = workflow;
    this.jobProps = props ?? {};
    this.requestedId = id;
    addProblemCheck(this, () => this.validateJob());
  }

  /** The job id in the workflow file (the construct id). */
  public get jobId(): string {
    return this.node.id;
  }

  /**
   * The display name given in the props, if any.
   * @internal
   */
  public get _displayName(): string | undefined {
    return this.jobProps.name;
  }

  /** The jobs this job waits for. */
  public get needs(): Job[] {
    return [...this.dependencies];
  }

  /**
   * One of this job's outputs (a build job's `image`, or a name a container
   * job declares in `outputs`), for another job's `outputEnv`: that job then
   * `needs` this one by itself.
   */
  public output(name: string): JobOutput {
    return new JobOutput(this, name);
  }

  /**
   * Makes this job wait for `jobs` (adds them to `needs:`). Adding a job twice
   * has no effect.
   */
  public addNeeds(...jobs: Job[]): void {
    for (const job of jobs) {
      if (!this.dependencies.includes(job)) {
        this.dependencies.push(job);
      }
    }
  }

  /**
   * The job as plain data, ready for rendering.
   * @internal
   */
  public abstract _toModel(): JobModel;

  /**
   * The token permissions this job's steps need, each saying who needs it.
   * @internal
   */
  public abstract _permissionRequirements(): PermissionRequirement[];

  /**
   * The keys of the library's actions this job's steps use (checked against
   * the action table when the workflow pins SHAs).
   * @internal
   */
  public abstract _actionsUsed(): ActionKey[];

  /** @internal */
  protected _commonModel(): Pick<JobModel, 'name' | 'needs' | 'runsOn' | 'runnerGroup' | 'env' | 'permissions'> {
    const runnerGroup = this.jobProps.runnerGroup;
    return {
      name: this.jobProps.name,
      needs: this.dependencies.map((job) => job.jobId),
      // In a group, no labels unless asked for: the group alone picks the runner.
      runsOn: this.jobProps.runsOn ?? (runnerGroup === undefined ? ['ubuntu-latest'] : []),
      runnerGroup,
      env: this.jobProps.env,
      permissions: mergePermissions(this._permissionRequirements(), this.jobProps.permissions),
    };
  }

  /** @internal */
  protected _timeoutMinutes(fallback: number): number {
    return this.jobProps.timeoutMinutes ?? fallback;
  }

  private validateJob(): string[] {
    const problems: string[] = [];
    if (!JOB_ID.test(this.requestedId)) {
      problems.push(`"${this.requestedId}" is not a valid job id; a job id starts with a letter or _ and contains only letters, digits, - and _ (for example "build_image").${seeDocs(DOCS.jobId)}`);
    } else {
      problems.push(...reservedIdProblems(this.requestedId, 'job id'));
    }
    const { runsOn, runnerGroup, timeoutMinutes, name } = this.jobProps;
    if (runsOn !== undefined && (runsOn.length === 0 || runsOn.some((label) => typeof label !== 'string' || label.trim() === ''))) {
      problems.push('runsOn must list at least one non-empty runner label, for example ["ubuntu-latest"].');
    }
    if (runnerGroup !== undefined && (typeof runnerGroup !== 'string' || runnerGroup.trim() === '')) {
      problems.push('runnerGroup is empty; give the name of a runner group (for example "larger-runners"), or leave it out.');
    }
    if (timeoutMinutes !== undefined && !isPositiveInteger(timeoutMinutes)) {
      problems.push(`timeoutMinutes is ${timeoutMinutes}; use a positive whole number of minutes.`);
    }
    if (name !== undefined && name.trim() === '') {
      problems.push('name is empty; give a display name or leave it out to show the job id.');
    }
    problems.push(...envNameProblems(this.jobProps.env, 'env'));
    problems.push(...textProblems([
      ['name', name],
      ['runnerGroup', runnerGroup],
      ...Object.entries(this.jobProps.env ?? {}).map(([k, v]) => [`env.${k}`, v] as const),
      ...(Array.isArray(runsOn) ? runsOn.map((label, i) => [`runsOn[${i}]`, label] as const) : []),
    ], ''));
    problems.push(...validatePermissions(this._permissionRequirements(), this.jobProps.permissions));
    for (const job of this.dependencies) {
      if (job.workflow !== this.workflow) {
        problems.push(`needs job "${job.jobId}" of workflow "${job.workflow.workflowId}", but \`needs\` only reaches jobs of the same workflow; declare both jobs in workflow "${this.workflow.workflowId}".`);
      }
      if (job === this) {
        problems.push('needs itself; remove it from addNeeds().');
      }
    }
    return problems;
  }
}
