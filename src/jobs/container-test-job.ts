import { checkoutStep } from './checkout';
import { ContainerJobOptions, consumedBuilds, containerJobEnv, containerJobOptionProblems, containerOptions, outputProducers } from './container-job-options';
import { DockerBuildJob } from './docker-build-job';
import { Job, JobProps } from './job';
import { Matrix, strategyToModel } from './matrix';
import { PermissionRequirement } from './permission-merge';
import { PermissionLevel } from './permissions';
import { servicesToModel } from './services';
import { Step } from './step';
import { validateSteps } from './step-validation';
import { reportSteps } from './test-reports';
import type { ActionKey } from '../actions/action-table';
import { addProblemCheck } from '../validation/collect-problems';
import { expr } from '../workflow/expressions';
import type { ForkView } from '../workflow/fork-pull-requests';
import type { Workflow } from '../workflow/workflow';
import type { JobModel } from '../workflow/workflow-model';

/** Options of a {@link ContainerTestJob}. */
export interface ContainerTestJobProps extends JobProps, ContainerJobOptions {
  /**
   * The build job whose image this job runs in. The job `needs` it
   * automatically and runs in the exact image that job pushed in the same run
   * (`name@sha256:...`), never a mutable tag.
   */
  readonly image: DockerBuildJob;
  /**
   * The steps to run inside the container, in order, after the checkout.
   * The image needs a shell and `tail` (GitHub keeps the container alive with
   * `tail -f /dev/null`), and git >= 2.18 for the checkout to keep `.git`.
   * Inside a container GitHub runs scripts with `sh`, not `bash`.
   */
  readonly steps: Step[];
}

/**
 * A job that runs steps inside the image built by a {@link DockerBuildJob}
 * of the same workflow.
 *
 * It is skipped, rather than run on the bare runner, when the build pushed
 * nothing (for example on a pull request from a fork).
 */
export class ContainerTestJob extends Job {
  /** The build job this job runs in. */
  public readonly image: DockerBuildJob;
  private readonly steps: Step[];
  private readonly options: ContainerJobOptions;
  private readonly jobEnv: { [name: string]: string } | undefined;

  constructor(workflow: Workflow, id: string, props: ContainerTestJobProps) {
    super(workflow, id, props);
    this.image = props?.image;
    this.steps = props?.steps ?? [];
    this.options = props ?? {};
    this.jobEnv = props?.env;
    // Images or outputs of another workflow cannot be needed; validation explains that instead.
    for (const job of [...consumedBuilds(this.image, this.options), ...outputProducers(this.options)]) {
      if (job.workflow === workflow && job !== this) {
        this.addNeeds(job);
      }
    }
    addProblemCheck(this, () => this.validateContainerJob());
  }

  /** @internal */
  public _permissionRequirements(): PermissionRequirement[] {
    const job = `ContainerTestJob "${this.jobId}"`;
    return [
      ...(this.options.checkout?.enabled === false ? [] : [{ scope: 'contents', level: PermissionLevel.READ, neededBy: `${job} (checkout)` }]),
      // Its own image and its services' images: any of them on GHCR is pulled with the token.
      ...(consumedBuilds(this.image, this.options).length > 0 && !consumedBuilds(this.image, this.options).some((b) => b.registry.usesGitHubToken)
        ? [] : [{ scope: 'packages', level: PermissionLevel.READ, neededBy: `${job} (to pull its image from ghcr.io)` }]),
    ];
  }

  /** @internal */
  public _actionsUsed(): ActionKey[] {
    return [
      ...(this.options.checkout?.enabled === false ? [] : ['checkout' as const]),
      ...(Array.isArray(this.options.reports) && this.options.reports.length > 0 ? ['uploadArtifact' as const] : []),
    ];
  }

  /**
   * What the fork fallback needs to replay this job with `docker run`.
   * @internal
   */
  public _forkView(): ForkView {
    const o = this.options;
    const s = o.strategy;
    const onlyShards = s !== null && typeof s === 'object' && s.shards !== undefined && s.domain === undefined && s.include === undefined;
    return {
      // Garbage is reported by validation; the fork strategy, validated alongside, must not throw on it.
      steps: Array.isArray(this.steps) ? this.steps.filter((step) => step !== null && typeof step === 'object') : [],
      // A job that is only sharded runs once, as the single shard of one.
      env: { ...(this.jobEnv !== null && typeof this.jobEnv === 'object' ? this.jobEnv : {}), ...(onlyShards ? { [Matrix.SHARD_ENV]: '1', [Matrix.SHARD_TOTAL_ENV]: '1' } : {}) },
      shell: o.shell,
      options: containerOptions(o),
      services: Array.isArray(o.services) ? o.services : [],
      strategy: o.strategy !== undefined && !onlyShards,
      readsOtherJobs: o.outputEnv !== undefined && (o.outputEnv === null || typeof o.outputEnv !== 'object' || Object.keys(o.outputEnv).length > 0),
      reports: Array.isArray(o.reports) ? o.reports : [],
      checkoutPath: o.checkout !== null && typeof o.checkout === 'object' && typeof o.checkout.path === 'string' ? o.checkout.path : undefined,
    };
  }

  /** The names of the outputs this job declares. @internal */
  public _outputNames(): string[] {
    const outputs = this.options.outputs;
    return outputs !== null && typeof outputs === 'object' ? Object.keys(outputs) : [];
  }

  /** @internal */
  public _toModel(): JobModel {
    const actions = this.workflow._actions;
    const o = this.options;
    const checkout = checkoutStep(actions, o.checkout);
    return {
      ...this._commonModel(),
      // Every image this job pulls (its own and its services') must have been pushed, or it would run on the bare host.
      if: consumedBuilds(this.image, o).map((build) => `${build.imageExpression} != ''`).join(' && '),
      env: containerJobEnv(this.jobEnv, o),
      strategy: o.strategy && strategyToModel(o.strategy),
      outputs: o.outputs && { ...o.outputs },
      defaults: o.shell !== undefined ? { run: { shell: o.shell } } : undefined,
      timeoutMinutes: this._timeoutMinutes(30),
      continueOnError: o.continueOnError,
      container: {
        image: expr(this.image.imageExpression),
        credentials: this.image._pullCredentials(),
        options: containerOptions(o),
      },
      services: servicesToModel(o.services),
      steps: [
        ...(checkout !== undefined ? [checkout] : []),
        ...this.steps,
        ...reportSteps(actions, o.reports, o.strategy !== undefined),
      ],
    };
  }

  private validateContainerJob(): string[] {
    const problems: string[] = [];
    if (!(this.image instanceof DockerBuildJob)) {
      problems.push('image must be a DockerBuildJob of this workflow (the job runs in the image it pushes).');
    } else if (this.image.workflow !== this.workflow) {
      problems.push(`image is built by job "${this.image.jobId}" of workflow "${this.image.workflow.workflowId}"; ` +
        `a container job can only run an image built in the same workflow run. Declare this job in workflow "${this.image.workflow.workflowId}".`);
    }
    if (!Array.isArray(this.steps)) {
      problems.push(`steps is ${JSON.stringify(this.steps) ?? String(this.steps)}; give a list of steps, for example [{ run: 'npm test' }].`);
    } else if (this.steps.length === 0) {
      problems.push('steps is empty; a container test job needs at least one step to run inside the image, for example { run: \'npm test\' }.');
    } else {
      problems.push(...validateSteps(this.steps, 'steps'));
    }
    problems.push(...containerJobOptionProblems(this, this.options, Array.isArray(this.steps) ? this.steps : [], this.jobEnv));
    return problems;
  }
}
