/**
 * Pull requests from forks: their token cannot push, so the build job pushes
 * nothing and every container job is skipped. This file adds, per build
 * job's strategy, the jobs that still give a fork's contributor results (or
 * say why not): `<build>_fork` (fallback) or one `fork_notice` per workflow
 * (skipConsumers). They are ordinary jobs, added once the whole workflow is
 * declared (the container jobs come after their build job).
 */
import { contextOutputGuards } from './build-from-build';
import type { ContainerTestJob } from './container-test-job';
import type { DockerBuildJob } from './docker-build-job';
import { fallbackSteps, IS_FORK_PR, localTag, summaryStep, unsupportedOf } from './fork-replay';
import { effectiveForkStrategy, ForkPullRequests, forkStrategyProblems, UnsupportedOnFork } from './fork-strategy';
import { Job } from '../jobs/job';
import type { PermissionRequirement } from '../jobs/permission-merge';
import { PermissionLevel } from '../jobs/permissions';
import type { Step } from '../jobs/step';
import { addProblemCheck } from '../validation/collect-problems';
import type { Workflow } from '../workflow/workflow';

/** The id of the notice job of {@link ForkPullRequests.skipConsumers}. */
export const FORK_NOTICE_JOB = 'fork_notice';

/** The id of the fallback job of build job `build`. */
export function fallbackJobId(build: DockerBuildJob): string {
  return `${build.jobId}_fork`;
}

/** True for a container job (by shape: `_forkView` exists only there). */
function isContainerJob(job: unknown): job is ContainerTestJob {
  return typeof (job as Partial<ContainerTestJob>)?._forkView === 'function';
}

/** The container jobs of `workflow` that run in `build`'s image, in declaration order. */
function consumersOf(workflow: Workflow, build: DockerBuildJob): ContainerTestJob[] {
  // Recorded by each container job (scanning the workflow once per build is quadratic in the number of jobs).
  return build._consumers.filter(isContainerJob).filter((job) => job.image === build && job.workflow === workflow);
}

/** The strategy in effect for `build`. */
function strategyOf(build: DockerBuildJob): unknown {
  return effectiveForkStrategy(build._props.forkPullRequests, build.workflow.events, contextOutputGuards(build._props.buildContexts).length > 0);
}

/**
 * Registers what `build`'s fork strategy adds: the jobs (created once the
 * workflow is complete) and the checks (id clashes, unsupported steps with
 * `UnsupportedOnFork.ERROR`).
 */
export function addForkJobs(build: DockerBuildJob): void {
  const workflow = build.workflow;
  let clash: string | undefined;
  workflow._addPreparation(() => {
    const strategy = strategyOf(build);
    if (!(strategy instanceof ForkPullRequests) || forkStrategyProblems(strategy).length > 0 || consumersOf(workflow, build).length === 0) {
      return;
    }
    const id = strategy._kind === 'fallback' ? fallbackJobId(build) : strategy._kind === 'skip' ? FORK_NOTICE_JOB : undefined;
    if (id === undefined) {
      return;
    }
    const existing = workflow.node.tryFindChild(id);
    if (existing instanceof ForkFallbackJob || existing instanceof ForkNoticeJob) {
      return;
    }
    if (existing !== undefined) {
      clash = id;
      return;
    }
    if (strategy._kind === 'fallback') {
      new ForkFallbackJob(workflow, id, build);
    } else {
      new ForkNoticeJob(workflow, id);
    }
  });
  addProblemCheck(build, () => {
    const strategy = strategyOf(build);
    const problems = forkStrategyProblems(build._props.forkPullRequests);
    const reads = contextOutputGuards(build._props.buildContexts);
    if (strategy instanceof ForkPullRequests && strategy._kind === 'fallback' && reads.length > 0) {
      problems.push(`buildContexts reads ${reads.map((g) => g.replace(/ != ''$/, '')).join(', ')}, which is empty on a fork's pull request (nothing is pushed there), ` +
        'so the fork fallback cannot build this image; use ForkPullRequests.skipConsumers() (the default for a build FROM another build) or ForkPullRequests.none().');
    }
    if (clash !== undefined) {
      problems.push(`job id "${clash}" is taken, but the fork pull request strategy (forkPullRequests) adds a job with that id; rename your job, or choose ForkPullRequests.none().`);
    }
    if (problems.length === 0 && strategy instanceof ForkPullRequests && strategy._kind === 'fallback' && strategy._unsupported === UnsupportedOnFork.ERROR) {
      for (const u of unsupportedOf(consumersOf(workflow, build), workflow._defaultShell)) {
        problems.push(`job "${u.consumer.jobId}" ${u.what} cannot run in the fork fallback because ${u.reason}; ` +
          'change it, or use ForkPullRequests.fallback({ unsupported: UnsupportedOnFork.SKIP }) to skip it on forks with a job-summary line.');
      }
    }
    return problems;
  });
}

/**
 * `<build>_fork`: on pull requests from forks only, loads the image the
 * build job exported there as an artifact (built once, pushed nowhere), and
 * runs the container jobs' `run:` steps in it with `docker run`. With native
 * runners (no archive: the legs are skipped on forks) it builds the image
 * itself with `load: true` (reading the cache, no secrets).
 */
class ForkFallbackJob extends Job {
  /** True when it loads the build job's archive (else it builds itself). */
  private readonly loads: boolean;

  constructor(workflow: Workflow, id: string, private readonly build: DockerBuildJob) {
    const p = build._props;
    const loads = build._exportArchiveForForks();
    super(workflow, id, {
      name: `${p.name ?? build.jobId} (fork pull request)`,
      // With the archive: after the build job, which exports it on every fork's pull request it builds.
      if: IS_FORK_PR,
      needs: loads ? [build] : undefined,
      runsOn: p.runsOn,
      runnerGroup: p.runnerGroup,
      // Loading and replaying takes no build's time.
      timeoutMinutes: p.timeoutMinutes ?? (loads ? 30 : 60),
    });
    this.loads = loads;
  }

  /** The diagram shows the id only (the name repeats the build's). @internal */
  public get _displayName(): string | undefined {
    return undefined;
  }

  /** @internal */
  public _diagram(outputPresent?: (name: string) => boolean | undefined): { lines: string[] } {
    const names = consumersOf(this.workflow, this.build).map((c) => c.jobId).join(', ');
    // In the view of an event, the event says when it runs.
    const when = outputPresent === undefined ? 'fork pull requests only: ' : '';
    const origin = this.loads ? `loaded from the artifact of ${this.build.jobId}` : `built locally by ${this.jobId}`;
    return { lines: [`${when}runs the steps of ${names} with docker run in ${localTag(this.build)}`, `${origin}, not pushed`] };
  }

  protected renderSteps(): Step[] {
    return fallbackSteps(this.build, consumersOf(this.workflow, this.build), this.workflow._defaultShell, this.loads);
  }

  protected requiredPermissions(): PermissionRequirement[] {
    return [{ scope: 'contents', level: PermissionLevel.READ, neededBy: `the fork fallback of DockerBuildJob "${this.build.jobId}" (checkout)` }];
  }
}

/** `fork_notice`: on pull requests from forks only, says which container jobs are skipped and why. */
class ForkNoticeJob extends Job {
  constructor(workflow: Workflow, id: string) {
    super(workflow, id, { name: 'Fork pull request notice', if: IS_FORK_PR, timeoutMinutes: 5 });
  }

  /** The diagram shows the id only. @internal */
  public get _displayName(): string | undefined {
    return undefined;
  }

  /** @internal */
  public _diagram(outputPresent?: (name: string) => boolean | undefined): { lines: string[] } {
    const when = outputPresent === undefined ? 'fork pull requests only: ' : '';
    return { lines: [`${when}says why ${this.skipped().join(', ')} are skipped`] };
  }

  protected renderSteps(): Step[] {
    return [summaryStep(`Skipped on this pull request from a fork: ${this.skipped().join(', ')}. A fork's token cannot push the image these jobs run in; ` +
      'a maintainer can push the branch to this repository to run them.')];
  }

  /** The container jobs whose build skips them on forks. */
  private skipped(): string[] {
    return this.workflow.node.children.filter(isContainerJob)
      .filter((job) => {
        if (typeof job.image?._props !== 'object') {
          return false; // refused by validation
        }
        const strategy = strategyOf(job.image);
        return strategy instanceof ForkPullRequests && strategy._kind === 'skip';
      })
      .map((job) => job.jobId);
  }
}
