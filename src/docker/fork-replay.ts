/**
 * The fork fallback's steps: build the image without pushing (`load: true`),
 * then replay every container job's `run:` steps inside it with `docker run`,
 * against the checked-out sources, and say what could not be replayed.
 *
 * Security: only the `pull_request` event (never `pull_request_target`), a
 * read-only token (`contents: read`), no secrets, credentials not persisted,
 * the cache only read, and the contributor's scripts run inside the image
 * with `docker run`, never on the bare runner.
 */
import { BUILD_STEP_ID } from './build-job-steps';
import type { ContainerTestJob } from './container-test-job';
import type { DockerBuildJob } from './docker-build-job';
import { gitTrustProblem, withGitTrust } from './fork-git-trust';
import { forkNetwork, forkServicesProblem, startServicesStep, stopServicesStep } from './fork-services';
import type { ForkView } from './fork-view';
import { ARCHIVE_OUTPUT, archiveLoadSteps, withoutSecrets } from './image-artifact';
import { onlyWhenPushing } from './registry-logins';
import { expr } from '../expressions/expressions';
import type { Step } from '../jobs/step';
import { sameEnvName } from '../jobs/step-validation';
import { reportSteps } from '../jobs/test-reports';

/** The variable that carries a step's script into `docker run` (never re-parsed by the runner's shell). */
const FORK_SCRIPT_ENV = 'FORK_CI_SCRIPT';
/** The variables that carry the mount point and working directory, likewise. */
const FORK_MOUNT_ENV = 'FORK_CI_MOUNT';
const FORK_WORKDIR_ENV = 'FORK_CI_WORKDIR';

export { IS_FORK_PR } from '../expressions/expressions';

/** A step the fallback cannot run, with the reason. */
export interface Unsupported {
  readonly consumer: ContainerTestJob;
  readonly what: string;
  readonly reason: string;
}

const JOB_CONTEXTS = /\$\{\{[^}]*\b(?:matrix|needs|steps|strategy)\./;

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
  // The options become part of a shell command there: an expression in them would be code.
  if (/\$\{\{/.test(JSON.stringify([options.options, options.services.map((s) => [s.options, s.image])]))) {
    return 'its container or service options (or a service image) read an expression, which the fallback would have to write into a shell command';
  }
  return scriptEnvProblem(options.env) ?? gitTrustProblem(options.env);
}

/** Why `env` cannot reach a fallback step: it sets a variable the script or its paths travel in. */
function scriptEnvProblem(env: unknown): string | undefined {
  for (const carrier of [FORK_SCRIPT_ENV, FORK_MOUNT_ENV, FORK_WORKDIR_ENV]) {
    const clash = sameEnvName(env, carrier);
    if (clash !== undefined) {
      return `its env sets ${clash}, ${carrier === FORK_SCRIPT_ENV ? 'the variable the fallback passes each script in' : 'a variable the fallback passes a path in'}`;
    }
  }
  return undefined;
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
  const git = gitTrustProblem({ ...jobEnv, ...step.env });
  if (git !== undefined) {
    return git;
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

/** Every step (or whole consumer) of `consumers` the fallback cannot replay. */
export function unsupportedOf(consumers: readonly ContainerTestJob[], defaultShell: string | undefined): Unsupported[] {
  const found: Unsupported[] = [];
  for (const consumer of consumers) {
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

/** A step that writes `text` to the job summary, whatever happened. */
export function summaryStep(text: string): Step {
  return { name: 'Job summary', if: 'always()', env: { SUMMARY: text }, run: 'printf \'%s\\n\' "$SUMMARY" >> "$GITHUB_STEP_SUMMARY"' };
}

/** The local tag the fallback loads the image as. */
export function localTag(build: DockerBuildJob): string {
  return `fork-ci/${build.jobId.toLowerCase()}:local`;
}

/** The steps of `build`'s fallback job, replaying `consumers`. */
export function fallbackSteps(
  build: DockerBuildJob, consumers: readonly ContainerTestJob[], defaultShell: string | undefined, loadsArchive: boolean,
): Step[] {
  const setup = loadsArchive ? archiveSetup(build) : buildSetup(build);
  const unsupported = unsupportedOf(consumers, defaultShell);
  const steps: Step[] = [];
  for (const consumer of consumers) {
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
  return [...setup, ...steps];
}

/** The checkout (where the scripts run) and the build job's archive, loaded as {@link localTag}. */
function archiveSetup(build: DockerBuildJob): Step[] {
  const checkout = build._forkBuildSteps()[0];
  const [download, load] = archiveLoadSteps(build.workflow._actions, build, FORK_IMAGE_ENV, localTag(build));
  return [checkout, download, { ...load, env: { ...load.env, [FORK_IMAGE_ENV]: expr(`needs.${build.jobId}.outputs.${ARCHIVE_OUTPUT}`) } }];
}

/** A build of its own (native runners, whose legs skip forks): the build job's setup and its build step, loaded as {@link localTag}. */
function buildSetup(build: DockerBuildJob): Step[] {
  const buildSteps = build._forkBuildSteps();
  const buildIndex = buildSteps.findIndex((step) => step.id === BUILD_STEP_ID);
  const buildStep = buildSteps[buildIndex];
  // Checkout, the user's pre-build steps, Buildx, cache restores; no login (nothing is pushed) and no cache saves (forks only read).
  const setup = buildSteps.slice(0, buildIndex).filter((step) => !onlyWhenPushing(step.if, build.pushCondition));
  const load: Step = {
    ...buildStep,
    name: 'Build image (loaded, not pushed)',
    env: withoutSecrets(buildStep.env),
    // The build's own inputs (context, file, target, build-args, contexts, cache-from...), minus NOT_ON_FORKS.
    with: { ...withoutKeys(buildStep.with ?? {}, NOT_ON_FORKS), load: 'true', push: 'false', tags: localTag(build) },
  };
  return [...setup, load];
}

/** The variable the archive's image travels in to its load step. */
const FORK_IMAGE_ENV = 'FORK_CI_IMAGE';


function dockerRunStep(build: DockerBuildJob, consumer: ContainerTestJob, step: Step, index: number, view: ForkView): Step {
  // Git in the container must trust the checkout the runner user owns (see fork-git-trust.ts).
  const env = withGitTrust({ ...view.env, ...step.env });
  const shell = step.shell ?? view.shell ?? 'sh';
  // Paths the user gave reach the command as variables, like the script: never spliced into the shell's text.
  const paths: { [name: string]: string } = {};
  if (view.checkoutPath !== undefined) {
    paths[FORK_MOUNT_ENV] = `/workspace/${view.checkoutPath.replace(/^\.\/|\/$/g, '')}`;
  }
  if (step.workingDirectory !== undefined) {
    paths[FORK_WORKDIR_ENV] = `/workspace/${step.workingDirectory.replace(/^\.\//, '')}`;
  }
  const args = [
    'docker run --rm',
    // The fallback's checkout is at the workspace root; mount it where the container job would have it.
    `-v "$GITHUB_WORKSPACE:${view.checkoutPath !== undefined ? `$${FORK_MOUNT_ENV}` : '/workspace'}"`,
    `-w "${step.workingDirectory !== undefined ? `$${FORK_WORKDIR_ENV}` : '/workspace'}"`,
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
    env: { ...env, ...paths, [FORK_SCRIPT_ENV]: step.run! },
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


function withoutKeys(map: { [key: string]: string }, keys: readonly string[]): { [key: string]: string } {
  return Object.fromEntries(Object.entries(map).filter(([key]) => !keys.includes(key)));
}
