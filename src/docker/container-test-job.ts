import { ContainerJobOptions, containerJobOptionProblems, containerOptions } from './container-job-options';
import { DockerBuildJob } from './docker-build-job';
import type { ForkView } from './fork-view';
import type { JobContainer } from '../jobs/container';
import type { JobProps } from '../jobs/job-props';
import { Matrix } from '../jobs/matrix';
import { RunnerJob } from '../jobs/runner-job';
import { shellProblems } from '../jobs/shell';
import { Step } from '../jobs/step';
import { addProblemCheck } from '../validation/collect-problems';
import type { Workflow } from '../workflow/workflow';

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
 * of the same workflow: a {@link RunnerJob} whose container is that image.
 *
 * It is skipped, rather than run on the bare runner, when the build pushed
 * nothing (for example on a pull request from a fork).
 */
export class ContainerTestJob extends RunnerJob {
  /** The build job this job runs in. */
  public readonly image: DockerBuildJob;
  private readonly options: ContainerTestJobProps;

  constructor(workflow: Workflow, id: string, props: ContainerTestJobProps) {
    const p = props ?? ({} as ContainerTestJobProps);
    super(workflow, id, {
      ...p,
      timeoutMinutes: p.timeoutMinutes ?? 30,
      // `shell` is checked here (under its own name); a bad one is not passed on.
      defaults: p.shell !== undefined && shellProblems(p.shell, 'shell').length === 0 ? { ...p.defaults, shell: p.shell } : p.defaults,
    });
    this.image = p.image;
    this.options = p;
    // The job reads the build's image: it needs the build (also found from the image expression; said here to keep the order).
    if (this.image instanceof DockerBuildJob && this.image.workflow === workflow) {
      this.addNeeds(this.image);
      this.image._addConsumer(this);
    }
    addProblemCheck(this, () => this.validateContainerJob());
  }

  protected renderContainer(): JobContainer | undefined {
    if (!(this.image instanceof DockerBuildJob)) {
      return undefined; // refused by validation
    }
    return { image: this.image.imageReference, credentials: this.image.pullCredentials, options: containerOptions(this.options) };
  }

  /**
   * What the fork fallback needs to replay this job with `docker run`.
   * @internal
   */
  public _forkView(): ForkView {
    const o = this.options;
    const s = o.strategy;
    const onlyShards = s !== null && typeof s === 'object' && s.shards !== undefined && s.domain === undefined && s.include === undefined;
    const env = o.env !== null && typeof o.env === 'object' ? o.env : {};
    return {
      // Garbage is reported by validation; the fork strategy, validated alongside, must not throw on it.
      steps: Array.isArray(o.steps) ? o.steps.filter((step) => step !== null && typeof step === 'object') : [],
      // A job that is only sharded runs once, as the single shard of one.
      env: { ...env, ...(onlyShards ? { [Matrix.SHARD_ENV]: '1', [Matrix.SHARD_TOTAL_ENV]: '1' } : {}) },
      shell: o.shell ?? o.defaults?.shell,
      options: containerOptions(o),
      services: Array.isArray(o.services) ? o.services : [],
      strategy: o.strategy !== undefined && !onlyShards,
      readsOtherJobs: o.outputEnv !== undefined && (o.outputEnv === null || typeof o.outputEnv !== 'object' || Object.keys(o.outputEnv).length > 0),
      reports: Array.isArray(o.reports) ? o.reports : [],
      checkoutPath: o.checkout !== null && typeof o.checkout === 'object' && typeof o.checkout.path === 'string' ? o.checkout.path : undefined,
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
    if ((this.options as { container?: unknown }).container !== undefined) {
      problems.push('sets container, but a container test job runs in its image; use a RunnerJob for an image of your own.');
    }
    problems.push(...containerJobOptionProblems(this.options, this.options.defaults?.shell));
    return problems;
  }
}
