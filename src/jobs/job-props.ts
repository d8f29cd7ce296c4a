/**
 * The keys of a job, as every job kind takes them (projen's names where
 * projen has one). `CommonJobProps` is what any job has, also one that calls
 * a reusable workflow; `JobProps` adds what a job that runs steps on a runner
 * has.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobs
 */
import type { Concurrency } from './concurrency';
import type { Job } from './job';
import type { JobOutput } from './job-output';
import type { JobStrategy } from './matrix';
import type { JobPermissions } from './permissions';
import type { RunnerImageUse } from './runner-image';
import type { ServiceContainer } from './services';

/** Keys of every job, also one that calls a reusable workflow. */
export interface CommonJobProps {
  /**
   * The job's display name in the GitHub UI (may read `matrix`, e.g.
   * `Test (${{ matrix.os }})`).
   * @default - the job id
   */
  readonly name?: string;
  /**
   * Jobs of the same workflow that must succeed before this one starts. A job
   * whose props read another job's outputs (an image, `job.output('x')`, or
   * `${{ needs.<id>.outputs.<x> }}` written by hand) needs it without being
   * told.
   * @default - only the jobs this job reads outputs of
   * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idneeds
   */
  readonly needs?: Job[];
  /**
   * A condition; the job runs only when it is true, e.g.
   * `github.event_name == 'push' && github.ref == 'refs/heads/main'`. Write
   * it bare or as one `${{ }}` expression (text around `${{ }}` would make
   * it an always-true string, which is refused). It may read `github`,
   * `inputs`, `vars` and `needs`, and call `always()`, `success()`,
   * `failure()` and `cancelled()`. On a job that runs in a built image it is
   * combined with the job's own guard (`&&`), so the job is still skipped
   * when nothing was pushed.
   * @default - the job runs when every job it needs succeeded
   * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idif
   */
  readonly if?: string;
  /**
   * Token permissions to grant on top of what the job's own steps need
   * (merged per scope, the higher level wins), e.g. `checks: WRITE` for a
   * test reporter action. Setting a scope lower than the job needs is
   * refused, naming what needs it.
   * @default - exactly what the job's steps need
   */
  readonly permissions?: JobPermissions;
  /**
   * A matrix: one job per combination of values (strings, numbers, booleans
   * or objects), values read at run time (`domainFromJson`), or `shards: N`
   * to split tests over N parallel jobs.
   * @default - one job
   */
  readonly strategy?: JobStrategy;
  /**
   * Which runs of this job wait for or replace each other
   * (`Concurrency.group('deploy-${{ github.ref }}')`).
   * @default - no job-level concurrency
   * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idconcurrency
   */
  readonly concurrency?: Concurrency;
}

/** A deployment environment of a job (protection rules, secrets, the URL shown on the run). */
export interface JobEnvironment {
  /** The environment's name, e.g. `production`; may read `matrix` and `needs`. */
  readonly name: string;
  /**
   * The deployment URL shown in the GitHub UI; may read step outputs
   * (`${{ steps.deploy.outputs.url }}`).
   * @default - none
   */
  readonly url?: string;
}

/** Defaults for every `run:` step of a job. */
export interface JobDefaults {
  /**
   * The shell of `run:` steps without their own.
   * @default - the workflow's, else GitHub's (`bash` on Linux runners, `sh` inside a container)
   */
  readonly shell?: string;
  /**
   * The directory `run:` steps start in, relative to the workspace.
   * @default - the workflow's, else the workspace
   */
  readonly workingDirectory?: string;
}

/** Keys of every job that runs steps on a runner. */
export interface JobProps extends CommonJobProps {
  /**
   * Runner labels; the job runs on a runner that has all of them. One label
   * may be an expression that yields a label or a list of labels
   * (`${{ matrix.runner }}`, `${{ needs.setup.outputs.runner }}`), written
   * as GitHub's single value. Container jobs need a Linux runner.
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
   * The deployment environment the job runs in (its protection rules and
   * secrets apply).
   * @default - none
   * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idenvironment
   */
  readonly environment?: JobEnvironment;
  /**
   * Let the workflow succeed even when this job fails (e.g. an experimental
   * check).
   * @default false
   */
  readonly continueOnError?: boolean;
  /**
   * Like `continueOnError`, decided at run time by an expression, e.g.
   * `${{ matrix.experimental }}`. Not together with `continueOnError`.
   * @default - decided by `continueOnError`
   */
  readonly continueOnErrorWhen?: string;
  /**
   * Cancel the job after this many minutes (GitHub's own default is 360).
   * @default - 60 for a build job or a runner job, 30 for a container test job
   */
  readonly timeoutMinutes?: number;
  /**
   * Job outputs other jobs read through `job.output(name)`, each the value of
   * a step output (`JobOutput.fromStep('version', 'value')`).
   * Not allowed with `strategy` (matrix jobs overwrite each other's outputs).
   * @default - none
   */
  readonly outputs?: { [name: string]: string };
  /**
   * Outputs of other jobs as environment variables of every step (e.g.
   * `{ API_IMAGE: api.output('image') }`): the job `needs` their jobs
   * automatically. Read them as `$API_IMAGE` in scripts.
   * @default - none
   */
  readonly outputEnv?: { [name: string]: JobOutput };
  /**
   * Service containers beside the job (a database, a cache...), reachable by
   * their names from a container job, or on `localhost` through published
   * `ports` from a job on the runner.
   * @default - none
   */
  readonly services?: ServiceContainer[];
  /**
   * Defaults for the job's `run:` steps (shell, working directory).
   * @default - the workflow's defaults
   */
  readonly defaults?: JobDefaults;
  /**
   * Environment variables for every step of the job.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Images the job's steps use on the runner (`docker run`, `docker compose`,
   * kind or k3d), e.g. `[build.onRunner({ env: 'APP_IMAGE' })]`. Before the
   * job's steps each one is made available (a built image: logged in and
   * pulled by digest), and its exact reference, `<name>@sha256:<digest>`, is
   * in the environment variable `env` (default `IMAGE`) of every step. The
   * job needs each image's job, and is skipped when an image was not
   * produced (a pull request from a fork pushes nothing), as a container job
   * is. Not for a job whose steps run in a container.
   * @default - none
   */
  readonly images?: RunnerImageUse[];
}
