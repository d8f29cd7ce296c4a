/**
 * The choice a build job makes for pull requests from forks, and its
 * default. What each choice adds to the workflow is in `fork-jobs.ts`.
 */

/** What the fork fallback does with a step it cannot run through `docker run` (an action, a matrix value...). */
export enum UnsupportedOnFork {
  /** Skip it on fork pull requests and say so in the job summary. */
  SKIP = 'skip',
  /** Refuse the configuration at synth time, listing every such step. */
  ERROR = 'error',
}

/** Options of {@link ForkPullRequests.fallback}. */
export interface ForkFallbackOptions {
  /**
   * Steps the fallback cannot run (`uses:` actions, steps reading
   * `matrix`, `needs` or `steps`, shells other than sh and bash) and
   * consumers it cannot reproduce (a matrix, outputs of other jobs,
   * services that run a build job's image or need registry credentials).
   * @default UnsupportedOnFork.SKIP
   */
  readonly unsupported?: UnsupportedOnFork;
}

/**
 * How a build job's consumers are treated on pull requests from forks,
 * whose read-only token cannot push the image the container jobs run in.
 *
 * Whatever the strategy, the build job never pushes on a fork pull request
 * and the container jobs are skipped there (never run on the bare runner);
 * the strategy decides what runs instead.
 */
export class ForkPullRequests {
  /**
   * The default when the workflow has a `pullRequest` trigger: when the
   * build job has container jobs, a job `<build>_fork` runs on fork pull
   * requests only. It builds the image with `load: true` (reading the cache,
   * never writing it, pushing nothing) and runs every container job's `run:`
   * steps in it with `docker run`, against the checked-out sources, so the
   * contributor gets lint and test results.
   */
  public static fallback(options: ForkFallbackOptions = {}): ForkPullRequests {
    return new ForkPullRequests('fallback', options?.unsupported ?? UnsupportedOnFork.SKIP);
  }

  /**
   * Skip the container jobs on fork pull requests; a job `fork_notice` (one
   * per workflow) writes a job summary saying which jobs were skipped and why.
   */
  public static skipConsumers(): ForkPullRequests {
    return new ForkPullRequests('skip', UnsupportedOnFork.SKIP);
  }

  /**
   * Add nothing: on fork pull requests the container jobs are skipped
   * silently (the run is green, the contributor gets no test results). For
   * repositories that take no pull requests from forks.
   */
  public static none(): ForkPullRequests {
    return new ForkPullRequests('none', UnsupportedOnFork.SKIP);
  }

  private constructor(
    /** @internal */ public readonly _kind: 'fallback' | 'skip' | 'none',
    /** @internal */ public readonly _unsupported: UnsupportedOnFork,
  ) {}
}

/**
 * The strategy in effect: the one given (validated elsewhere, so possibly
 * garbage), else `fallback()` when the workflow runs on `pull_request`
 * (`events`, GitHub's names), which can bring pull requests from forks,
 * else `none()`.
 */
export function effectiveForkStrategy(given: unknown, events: readonly string[], buildsFromOutputs = false): unknown {
  if (given !== undefined) {
    return given;
  }
  if (!events.includes('pull_request')) {
    return ForkPullRequests.none();
  }
  // A build FROM another build's image cannot be built where nothing was pushed: say so instead.
  return buildsFromOutputs ? ForkPullRequests.skipConsumers() : ForkPullRequests.fallback();
}

/** Problems with a `forkPullRequests` prop (anything but a valid {@link ForkPullRequests}). */
export function forkStrategyProblems(strategy: unknown): string[] {
  if (strategy === undefined) {
    return [];
  }
  if (!(strategy instanceof ForkPullRequests)) {
    return [`forkPullRequests is ${JSON.stringify(strategy) ?? String(strategy)}; use ForkPullRequests.fallback(), ForkPullRequests.skipConsumers() or ForkPullRequests.none(), or leave it out.`];
  }
  if (strategy._kind !== 'none' && !Object.values(UnsupportedOnFork).includes(strategy._unsupported)) {
    return [`forkPullRequests unsupported is ${JSON.stringify(strategy._unsupported)}; use UnsupportedOnFork.SKIP or UnsupportedOnFork.ERROR.`];
  }
  return [];
}
