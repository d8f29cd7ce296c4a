import { CheckoutOptions, checkoutProblems, checkoutStep } from './checkout';
import { containerProblems, JobContainer } from './container';
import { interpolationScope } from './interpolation-scope';
import { Job } from './job';
import type { JobProps } from './job-props';
import { PermissionRequirement } from './permission-merge';
import { PermissionLevel } from './permissions';
import { Step } from './step';
import { deepTextProblems, validateSteps } from './step-validation';
import { reportProblems, reportSteps, TestReport } from './test-reports';
import { addProblemCheck } from '../validation/collect-problems';
import type { Workflow } from '../workflow/workflow';

/** Options of a {@link RunnerJob}. */
export interface RunnerJobProps extends JobProps {
  /**
   * The job's steps, in order, after the checkout: scripts (`run`) and
   * actions (`uses`, e.g. `actions/setup-python@<sha> # v5.6.0`).
   */
  readonly steps: Step[];
  /**
   * Run the steps in this image instead of on the runner host, e.g.
   * `{ image: 'python:3.12' }`. For an image built in the same workflow use
   * a `ContainerTestJob`.
   * @default - the steps run on the runner
   */
  readonly container?: JobContainer;
  /**
   * The checkout before the steps: turn it off or configure it.
   * @default - a shallow checkout of the commit, credentials not persisted
   */
  readonly checkout?: CheckoutOptions;
  /**
   * Files to upload as artifacts after the steps, even when a step failed
   * (test reports, coverage).
   * @default - none
   */
  readonly reports?: TestReport[];
}

/**
 * A job with steps of your own, on the runner host or in a container image
 * you name: setup actions and unit tests, cloud CLIs, a deployment, a
 * release, `docker compose` or kind. It has every key of {@link JobProps}
 * and the same checks as the library's own jobs (expressions, script
 * injection, secrets, ids, permissions); the repository is checked out
 * first (credentials not persisted) unless `checkout.enabled` is false.
 */
export class RunnerJob extends Job {
  private readonly runnerProps: RunnerJobProps;

  constructor(workflow: Workflow, id: string, props: RunnerJobProps) {
    super(workflow, id, { ...props, timeoutMinutes: props?.timeoutMinutes ?? 60 });
    this.runnerProps = props ?? ({} as RunnerJobProps);
    addProblemCheck(this, () => this.validateRunnerJob());
  }

  protected renderSteps(): Step[] {
    const p = this.runnerProps;
    const actions = this.workflow._actions;
    const checkout = checkoutStep(actions, p.checkout);
    return [
      ...(checkout !== undefined ? [checkout] : []),
      ...p.steps,
      ...reportSteps(actions, p.reports, p.strategy !== undefined),
    ];
  }

  protected renderContainer(): JobContainer | undefined {
    const container = this.runnerProps.container;
    return container !== null && typeof container === 'object' ? container : undefined;
  }

  protected requiredPermissions(): PermissionRequirement[] {
    return this.runnerProps.checkout?.enabled === false ? [] : [{ scope: 'contents', level: PermissionLevel.READ, neededBy: `${this.constructor.name} "${this.jobId}" (checkout)` }];
  }

  private validateRunnerJob(): string[] {
    const p = this.runnerProps;
    const problems: string[] = [];
    if (!Array.isArray(p.steps)) {
      problems.push(`steps is ${JSON.stringify(p.steps) ?? String(p.steps)}; give a list of steps, for example [{ run: 'make test' }].`);
    } else if (p.steps.length === 0) {
      problems.push('steps is empty; a job needs at least one step, for example { run: \'make test\' }.');
    } else {
      problems.push(...validateSteps(p.steps, 'steps', interpolationScope(this.workflow, p)));
    }
    problems.push(...containerProblems(p.container));
    if (p.container !== null && typeof p.container === 'object') {
      problems.push(...deepTextProblems({ ...p.container }, 'container'));
    }
    problems.push(...checkoutProblems(p.checkout));
    problems.push(...reportProblems(p.reports));
    return problems;
  }
}
