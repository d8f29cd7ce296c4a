/**
 * Pull requests from forks: their token cannot push, so the build job pushes
 * nothing and every container job is skipped. This file adds, per strategy,
 * the jobs that still give a fork's contributor results (or say why not).
 *
 * Security: only the `pull_request` event (never `pull_request_target`), a
 * read-only token (`contents: read`), no secrets, credentials not persisted,
 * the cache only read, and the contributor's scripts run inside the image
 * with `docker run`, never on the bare runner.
 */
import { CAN_PUSH } from './expressions';
import { forkNetwork, forkServicesProblem, startServicesStep, stopServicesStep } from './fork-services';
import { ForkPullRequests, UnsupportedOnFork } from './fork-strategy';
import type { JobModel, StepModel } from './workflow-model';
import { ContainerTestJob } from '../jobs/container-test-job';
import { DockerBuildJob } from '../jobs/docker-build-job';
import type { Job } from '../jobs/job';
import type { ServiceContainer } from '../jobs/services';
import type { Step } from '../jobs/step';
import { sameEnvName } from '../jobs/step-validation';
import { reportSteps, TestReport } from '../jobs/test-reports';

/** The variable that carries a step's script into `docker run` (never re-parsed by the runner's shell). */
const FORK_SCRIPT_ENV = 'FORK_CI_SCRIPT';

/** True on a pull request from a fork (also a deleted one): the complement of {@link CAN_PUSH} for pull requests. */
export const IS_FORK_PR = "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository";

/** The id of the notice job of {@link ForkPullRequests.skipConsumers}. */
export const FORK_NOTICE_JOB = 'fork_notice';

/** The id of the fallback job of build job `build`. */
export function fallbackJobId(build: DockerBuildJob): string {
  return `${build.jobId}_fork`;
}

/** What the fork fallback reads of a container job (see `ContainerTestJob._forkView`). */
export interface ForkView {
  readonly steps: Step[];
  readonly env: { [name: string]: string };
  readonly shell?: string;
  readonly options?: string;
  readonly services: ServiceContainer[];
  readonly strategy: boolean;
  readonly readsOtherJobs: boolean;
  readonly reports: TestReport[];
  /** Where the container job checks the repository out, relative to the workspace. */
  readonly checkoutPath?: string;
}

/** A step the fallback cannot run, with the reason. */
interface Unsupported {
  readonly consumer: ContainerTestJob;
  readonly what: string;
  readonly reason: string;
}

const JOB_CONTEXTS = /\$\{\{[^}]*\b(?:matrix|needs|steps|strategy)\./;

/** The container jobs that run in `build`'s image, in declaration order. */
function consumersOf(jobs: readonly Job[], build: DockerBuildJob): ContainerTestJob[] {
  return jobs.filter((job): job is ContainerTestJob => job instanceof ContainerTestJob && job.image === build);
}

/** Why a consumer as a whole cannot be reproduced, if it cannot. */
function consumerProblem(consumer: ContainerTestJob): string | undefined {
  const options = consumer._forkView();
  const services = options.services.length > 0 ? forkServicesProblem(options.services) : undefined;
  if (services !== undefined) {
    return services;
  }
  if (options.strategy) {
    return 'it has a matrix strategy';
  }
  if (options.readsOtherJobs || JOB_CONTEXTS.test(JSON.stringify(options.env))) {
    return 'it reads outputs of other jobs or matrix values';
  }
  return scriptEnvProblem(options.env);
}

/** Why `env` cannot reach a fallback step: it sets the variable the script travels in. */
function scriptEnvProblem(env: unknown): string | undefined {
  const script = sameEnvName(env, FORK_SCRIPT_ENV);
  return script === undefined ? undefined : `its env sets ${script}, the variable the fallback passes each script in`;
}

/** Why a step cannot run through docker run, if it cannot. */
function stepProblem(step: Step, shell: string | undefined, jobEnv: { [name: string]: string }): string | undefined {
  if (step.uses !== undefined) {
    return 'it uses an action, which needs the runner, not docker run';
  }
  const script = scriptEnvProblem(step.env);
  if (script !== undefined) {
    return script;
  }
  // The fallback step holds the job's and the step's variables in one env map, which cannot hold
  // two names that differ only in case (a container job keeps them apart: job env and step env).
  for (const name of Object.keys(step.env ?? {})) {
    const job = sameEnvName(jobEnv, name);
    if (job !== undefined && job !== name) {
      return `its env sets ${name} beside the job's ${job}; one step's env cannot hold both (GitHub reads env names ignoring case)`;
    }
  }
  if (JOB_CONTEXTS.test(JSON.stringify([step.run, step.env, step.if, step.workingDirectory]))) {
    return 'it reads matrix, needs, steps or strategy values, which the fallback job does not have';
  }
  const effective = step.shell ?? shell ?? 'sh';
  if (effective !== 'sh' && effective !== 'bash') {
    return `its shell "${effective}" is not sh or bash`;
  }
  return undefined;
}

function unsupportedOf(jobs: readonly Job[], build: DockerBuildJob, defaultShell: string | undefined): Unsupported[] {
  const found: Unsupported[] = [];
  for (const consumer of consumersOf(jobs, build)) {
    const whole = consumerProblem(consumer);
    if (whole !== undefined) {
      found.push({ consumer, what: 'the whole job', reason: whole });
      continue;
    }
    const view = consumer._forkView();
    view.steps.forEach((step, index) => {
      const reason = stepProblem(step, view.shell ?? defaultShell, view.env);
      if (reason !== undefined) {
        found.push({ consumer, what: `steps[${index}]${step.name ? ` ("${step.name}")` : ''}`, reason });
      }
    });
  }
  return found;
}

/** Problems with the strategy for this workflow's jobs. */
export function forkProblems(strategy: unknown, jobs: readonly Job[], defaultShell?: string): string[] {
  if (!(strategy instanceof ForkPullRequests)) {
    return [`forkPullRequests is ${JSON.stringify(strategy) ?? String(strategy)}; use ForkPullRequests.fallback(), ForkPullRequests.skipConsumers() or ForkPullRequests.none(), or leave it out.`];
  }
  if (strategy._kind === 'none') {
    return [];
  }
  if (!Object.values(UnsupportedOnFork).includes(strategy._unsupported)) {
    return [`forkPullRequests unsupported is ${JSON.stringify(strategy._unsupported)}; use UnsupportedOnFork.SKIP or UnsupportedOnFork.ERROR.`];
  }
  const ids = new Set(jobs.map((job) => job.jobId.toLowerCase()));
  const problems: string[] = [];
  const added = strategy._kind === 'skip'
    ? (jobs.some((job) => job instanceof ContainerTestJob) ? [FORK_NOTICE_JOB] : [])
    : jobs.filter((job): job is DockerBuildJob => job instanceof DockerBuildJob && consumersOf(jobs, job).length > 0).map(fallbackJobId);
  for (const id of added) {
    if (ids.has(id.toLowerCase())) {
      problems.push(`job id "${id}" is taken, but the fork pull request strategy (forkPullRequests) adds a job with that id; rename your job, or choose ForkPullRequests.none().`);
    }
  }
  if (strategy._kind === 'fallback' && strategy._unsupported === UnsupportedOnFork.ERROR) {
    for (const build of jobs.filter((job): job is DockerBuildJob => job instanceof DockerBuildJob)) {
      for (const u of unsupportedOf(jobs, build, defaultShell)) {
        problems.push(`job "${u.consumer.jobId}" ${u.what} cannot run in the fork fallback because ${u.reason}; ` +
          'change it, or use ForkPullRequests.fallback({ unsupported: UnsupportedOnFork.SKIP }) to skip it on forks with a job-summary line.');
      }
    }
  }
  return problems;
}

/** The jobs the strategy adds, as [id, model] pairs. */
export function forkJobs(strategy: ForkPullRequests, jobs: readonly Job[], defaultShell?: string): [string, JobModel][] {
  if (strategy._kind === 'none') {
    return [];
  }
  const s = strategy;
  if (s._kind === 'skip') {
    const consumers = jobs.filter((job) => job instanceof ContainerTestJob).map((job) => job.jobId);
    if (consumers.length === 0) {
      return [];
    }
    const text = `Skipped on this pull request from a fork: ${consumers.join(', ')}. A fork's token cannot push the image these jobs run in; ` +
      'a maintainer can push the branch to this repository to run them.';
    return [[FORK_NOTICE_JOB, { name: 'Fork pull request notice', needs: [], if: IS_FORK_PR, runsOn: ['ubuntu-latest'], permissions: {}, timeoutMinutes: 5, steps: [summaryStep(text)] }]];
  }
  return jobs
    .filter((job): job is DockerBuildJob => job instanceof DockerBuildJob && consumersOf(jobs, job).length > 0)
    .map((build) => [fallbackJobId(build), fallbackJob(build, jobs, defaultShell)]);
}

/** What a diagram shows of the jobs the strategy adds: their ids and what they do. */
export function forkDiagramJobs(strategy: ForkPullRequests, jobs: readonly Job[]): { id: string; note: string }[] {
  if (strategy._kind === 'none') {
    return [];
  }
  if (strategy._kind === 'skip') {
    const consumers = jobs.filter((job) => job instanceof ContainerTestJob).map((job) => job.jobId);
    return consumers.length === 0 ? [] : [{ id: FORK_NOTICE_JOB, note: `fork pull requests only: says why ${consumers.join(', ')} are skipped` }];
  }
  return jobs
    .filter((job): job is DockerBuildJob => job instanceof DockerBuildJob && consumersOf(jobs, job).length > 0)
    .map((build) => ({
      id: fallbackJobId(build),
      note: `fork pull requests only: builds without pushing, runs ${consumersOf(jobs, build).map((c) => c.jobId).join(', ')} with docker run`,
    }));
}

function summaryStep(text: string): StepModel {
  return { name: 'Job summary', if: 'always()', env: { SUMMARY: text }, run: 'printf \'%s\\n\' "$SUMMARY" >> "$GITHUB_STEP_SUMMARY"' };
}

/** The local tag the fallback loads the image as. */
function localTag(build: DockerBuildJob): string {
  return `fork-ci/${build.jobId.toLowerCase()}:local`;
}

function fallbackJob(build: DockerBuildJob, jobs: readonly Job[], defaultShell: string | undefined): JobModel {
  const model = build._forkBuildModel();
  const buildIndex = model.steps.findIndex((step) => step.id === 'build');
  const buildStep = model.steps[buildIndex];
  // Checkout, Buildx, cache restores; no login (nothing is pushed) and no cache saves (forks only read).
  const setup = model.steps.slice(0, buildIndex).filter((step) => step.if !== CAN_PUSH);
  const load: StepModel = {
    ...buildStep,
    name: 'Build image (loaded, not pushed)',
    env: withoutSecrets(buildStep.env),
    // The build's own inputs (context, file, target, build-args, contexts, cache-from...), minus NOT_ON_FORKS.
    with: { ...withoutKeys(buildStep.with ?? {}, NOT_ON_FORKS), load: 'true', push: 'false', tags: localTag(build) },
  };
  const unsupported = unsupportedOf(jobs, build, defaultShell);
  const steps: StepModel[] = [];
  for (const consumer of consumersOf(jobs, build)) {
    if (unsupported.some((u) => u.consumer === consumer && u.what === 'the whole job')) {
      continue;
    }
    const view = consumer._forkView();
    const shell = view.shell ?? defaultShell;
    if (view.services.length > 0) {
      steps.push(startServicesStep(consumer.jobId, view.services));
    }
    view.steps.forEach((step, index) => {
      if (stepProblem(step, shell, view.env) === undefined) {
        steps.push(dockerRunStep(build, consumer, step, index, { ...view, shell }));
      }
    });
    // The reports are in the mounted workspace: upload them from the runner, as the container job would.
    steps.push(...reportSteps(build.workflow._actions, view.reports, false).map((step) => ({ ...step, name: `${consumer.jobId}: ${step.name}` })));
    if (view.services.length > 0) {
      steps.push(stopServicesStep(consumer.jobId, view.services));
    }
  }
  if (unsupported.length > 0) {
    steps.push(summaryStep(['Not run on this pull request from a fork (the image could not be pushed, so these ran with docker run instead of as container jobs):',
      ...unsupported.map((u) => `- ${u.consumer.jobId} ${u.what}: ${u.reason}`)].join('\n')));
  }
  return {
    name: `${build._displayName ?? build.jobId} (fork pull request)`,
    needs: [],
    if: IS_FORK_PR,
    runsOn: model.runsOn,
    runnerGroup: model.runnerGroup,
    permissions: { contents: 'read' },
    timeoutMinutes: model.timeoutMinutes,
    steps: [...setup, load, ...steps],
  };
}

function dockerRunStep(build: DockerBuildJob, consumer: ContainerTestJob, step: Step, index: number, view: ForkView): StepModel {
  const env = { ...view.env, ...step.env };
  const shell = step.shell ?? view.shell ?? 'sh';
  const dir = step.workingDirectory === undefined ? '/workspace' : `/workspace/${step.workingDirectory.replace(/^\.\//, '')}`;
  const args = [
    'docker run --rm',
    // The fallback's checkout is at the workspace root; mount it where the container job would have it.
    `-v "$GITHUB_WORKSPACE:/workspace${view.checkoutPath !== undefined ? `/${view.checkoutPath.replace(/^\.\/|\/$/g, '')}` : ''}"`,
    `-w "${dir}"`,
    ...Object.keys(env).map((name) => `-e ${name}`),
    ...(view.services.length > 0 ? [`--network ${forkNetwork(consumer.jobId)}`] : []),
    ...(view.options !== undefined ? [view.options] : []),
    `--entrypoint ${shell}`,
    localTag(build),
    shell === 'bash' ? `--noprofile --norc -eo pipefail -c "$${FORK_SCRIPT_ENV}"` : `-e -c "$${FORK_SCRIPT_ENV}"`,
  ];
  return {
    name: `${consumer.jobId}: ${step.name ?? `step ${index + 1}`}`,
    if: step.if,
    // The script reaches the container as an environment variable: never re-parsed by the runner's shell.
    env: { ...env, [FORK_SCRIPT_ENV]: step.run! },
    run: args.join(' '),
    continueOnError: step.continueOnError,
    timeoutMinutes: step.timeoutMinutes,
  };
}

/**
 * build-push-action inputs the fallback drops: it pushes nothing, writes no cache, loads one
 * platform (the docker exporter takes neither manifest lists nor attestations), and hands no
 * secret to the fork's Dockerfile.
 */
const NOT_ON_FORKS = ['push', 'load', 'tags', 'cache-to', 'outputs', 'platforms', 'provenance', 'sbom', 'secrets', 'secret-envs', 'secret-files'];

/** The build step's env without the variables that carry secrets (build secrets). */
function withoutSecrets(env: { [name: string]: string } | undefined): { [name: string]: string } | undefined {
  const kept = Object.entries(env ?? {}).filter(([, value]) => !/\bsecrets\.|\bgithub\.token\b/i.test(value));
  return kept.length > 0 ? Object.fromEntries(kept) : undefined;
}

function withoutKeys(map: { [key: string]: string }, keys: readonly string[]): { [key: string]: string } {
  return Object.fromEntries(Object.entries(map).filter(([key]) => !keys.includes(key)));
}

