import { DockerBuildJob } from './docker-build-job';
import { Job, JobProps } from './job';
import { PermissionRequirement } from './permission-merge';
import { PermissionLevel } from './permissions';
import { Step } from './step';
import { validateSteps } from './step-validation';
import type { ActionKey } from '../actions/action-table';
import { addProblemCheck } from '../validation/collect-problems';
import { expr } from '../workflow/expressions';
import type { Workflow } from '../workflow/workflow';
import type { JobModel } from '../workflow/workflow-model';

/** Options of a {@link ContainerTestJob}. */
export interface ContainerTestJobProps extends JobProps {
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

  constructor(workflow: Workflow, id: string, props: ContainerTestJobProps) {
    super(workflow, id, props);
    this.image = props?.image;
    this.steps = props?.steps ?? [];
    // An image of another workflow cannot be needed; validation explains that instead.
    if (this.image instanceof DockerBuildJob && this.image.workflow === workflow) {
      this.addNeeds(this.image);
    }
    addProblemCheck(this, () => this.validateContainerJob());
  }

  /** @internal */
  public _permissionRequirements(): PermissionRequirement[] {
    const job = `ContainerTestJob "${this.jobId}"`;
    return [
      { scope: 'contents', level: PermissionLevel.READ, neededBy: `${job} (checkout)` },
      ...(this.image instanceof DockerBuildJob && !this.image.registry.usesGitHubToken ? [] : [{ scope: 'packages', level: PermissionLevel.READ, neededBy: `${job} (to pull its image from ghcr.io)` }]),
    ];
  }

  /** @internal */
  public _actionsUsed(): ActionKey[] {
    return ['checkout'];
  }

  /** @internal */
  public _toModel(): JobModel {
    const actions = this.workflow._actions;
    return {
      ...this._commonModel(),
      if: `${this.image.imageExpression} != ''`,
      timeoutMinutes: this._timeoutMinutes(30),
      container: {
        image: expr(this.image.imageExpression),
        credentials: this.image._pullCredentials(),
      },
      steps: [
        { name: 'Check out repository', ...actions.ref('checkout'), with: { 'persist-credentials': 'false' } },
        ...this.steps,
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
    return problems;
  }
}
