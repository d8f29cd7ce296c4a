/**
 * The options of a container job beyond its image and steps: services,
 * container options, shell, checkout, matrix, outputs and reports. The
 * {@link ContainerTestJob} stays small; this file turns the options into
 * model pieces and problems.
 */
import { CheckoutOptions, checkoutProblems } from './checkout';
import { containerOptionsString, optionsProblems, runAsRootProblems } from './container-options';
import { DockerBuildJob } from './docker-build-job';
import type { Job } from './job';
import { ENV_NAME, JobOutput, OUTPUT_NAME } from './job-output';
import { JobStrategy, matrixReferenceProblems, strategyEnv, strategyProblems } from './matrix';
import { ServiceContainer, serviceBuilds, servicesProblems } from './services';
import { shellProblems } from './shell';
import type { Step } from './step';
import { sameEnvName } from './step-validation';
import { reportProblems, TestReport } from './test-reports';

/** Options of a job that runs inside a container. */
export interface ContainerJobOptions {
  /**
   * Service containers beside the job (a database, a cache, or the image of
   * another build job of this workflow), reachable by their names.
   * @default - none
   */
  readonly services?: ServiceContainer[];
  /**
   * Docker `create` options for the job container, as GitHub's single
   * string (e.g. `--cpus 2 --shm-size 1g`). `--network` and `--entrypoint`
   * are refused: GitHub does not allow them.
   * @default - none
   */
  readonly options?: string;
  /**
   * Run the container as root (`--user root`). An image whose Dockerfile
   * ends with a non-root `USER` cannot write to the workspace GitHub mounts
   * (owned by the runner's user), so the checkout fails with `EACCES`;
   * running as root is the usual fix. Prefer an image without `USER` for CI.
   * @default false
   */
  readonly runAsRoot?: boolean;
  /**
   * The shell for every `run:` step without its own (`defaults.run.shell`).
   * Inside a container GitHub's default is `sh`; set `bash` when the image
   * has it and the scripts need it (`bash` runs with `-eo pipefail`).
   * @default - GitHub's default (`sh` inside a container)
   */
  readonly shell?: string;
  /**
   * Let the workflow succeed even when this job fails (e.g. an
   * experimental check).
   * @default false
   */
  readonly continueOnError?: boolean;
  /**
   * The checkout before the steps: turn it off or configure it.
   * @default - a shallow checkout of the commit, credentials not persisted
   */
  readonly checkout?: CheckoutOptions;
  /**
   * A matrix: one job per combination of values, or `shards: N` to split
   * the tests over N parallel jobs.
   * @default - one job
   */
  readonly strategy?: JobStrategy;
  /**
   * Job outputs other jobs can read through `job.output(name)`, each the
   * value of a step output (`JobOutput.fromStep('version', 'value')`).
   * Not allowed with `strategy` (matrix jobs overwrite each other's outputs).
   * @default - none
   */
  readonly outputs?: { [name: string]: string };
  /**
   * Outputs of other jobs as environment variables of every step (e.g.
   * `{ API_IMAGE: api.output('image') }`): the job `needs` their jobs
   * automatically. Read them as `$API_IMAGE` in scripts, or `${{ env.API_IMAGE }}`.
   * @default - none
   */
  readonly outputEnv?: { [name: string]: JobOutput };
  /**
   * Test reports (JUnit XML, coverage...) to upload as artifacts after the
   * steps, even when a step failed.
   * @default - none
   */
  readonly reports?: TestReport[];
}

/** The build jobs whose images a job with `image` and `options` consumes, each once. */
export function consumedBuilds(image: DockerBuildJob | undefined, options: ContainerJobOptions): DockerBuildJob[] {
  const builds = image instanceof DockerBuildJob ? [image] : [];
  for (const build of serviceBuilds(options.services)) {
    if (!builds.includes(build)) {
      builds.push(build);
    }
  }
  return builds;
}

/** The jobs whose outputs `outputEnv` reads. */
export function outputProducers(options: ContainerJobOptions): Job[] {
  const map = options.outputEnv;
  if (map === null || typeof map !== 'object') {
    return [];
  }
  return Object.values(map).filter((o): o is JobOutput => o instanceof JobOutput).map((o) => o.job);
}

/** The job env: the user's, then `outputEnv`, then the shard variables. */
export function containerJobEnv(env: { [name: string]: string } | undefined, options: ContainerJobOptions): { [name: string]: string } | undefined {
  const result: { [name: string]: string } = { ...env };
  for (const [name, output] of Object.entries(options.outputEnv ?? {})) {
    result[name] = output.value;
  }
  Object.assign(result, strategyEnv(options.strategy));
  return Object.keys(result).length > 0 ? result : undefined;
}

/** The `container.options` string. */
export function containerOptions(options: ContainerJobOptions): string | undefined {
  return containerOptionsString(options.options, options.runAsRoot);
}

/** The names of the outputs a job declares (what `outputEnv` may read). */
export function declaredOutputs(job: Job): string[] | undefined {
  if (job instanceof DockerBuildJob) {
    return [DockerBuildJob.IMAGE_OUTPUT];
  }
  const candidate = job as Job & { _outputNames?: () => string[] };
  return typeof candidate._outputNames === 'function' ? candidate._outputNames() : undefined;
}

/** Problems with the options; `self` is the job they belong to. */
export function containerJobOptionProblems(self: Job, options: ContainerJobOptions, steps: readonly Step[], env: unknown): string[] {
  const problems: string[] = [];
  problems.push(...servicesProblems(options.services, self.workflow.workflowId));
  problems.push(...optionsProblems(options.options, 'options'));
  problems.push(...runAsRootProblems(options.options, options.runAsRoot));
  problems.push(...shellProblems(options.shell, 'shell'));
  if (options.continueOnError !== undefined && typeof options.continueOnError !== 'boolean') {
    problems.push(`continueOnError is ${JSON.stringify(options.continueOnError) ?? String(options.continueOnError)}; use true or false.`);
  }
  problems.push(...checkoutProblems(options.checkout));
  problems.push(...strategyProblems(options.strategy));
  problems.push(...outputsProblems(options, steps));
  problems.push(...outputEnvProblems(self, options, env));
  problems.push(...reportProblems(options.reports));
  // A misspelt matrix variable would silently read ''; services hold job-level DockerBuildJobs, so only their strings.
  const services = Array.isArray(options.services) ? options.services.map((s) => ({ ...s, buildJob: undefined })) : [];
  problems.push(...matrixReferenceProblems([JSON.stringify([steps, env, services, options.reports ?? []]) ?? ''], options.strategy));
  if (options.strategy !== undefined) {
    for (const name of Object.keys(strategyEnv(options.strategy))) {
      for (const [label, map] of [['env', env], ['outputEnv', options.outputEnv]] as const) {
        const yours = sameEnvName(map, name);
        if (yours !== undefined) {
          const what = `the shard ${name === 'SHARD' ? 'number' : 'count'}`;
          problems.push(yours === name
            ? `${label} sets ${name}, which strategy.shards sets to ${what}; rename your variable.`
            : `${label} sets ${yours}, which GitHub reads as ${name} (env names ignore case), and strategy.shards sets ${name} to ${what}; rename your variable.`);
        }
      }
    }
  }
  return problems;
}

function outputsProblems(options: ContainerJobOptions, steps: readonly Step[]): string[] {
  const outputs = options.outputs as unknown;
  if (outputs === undefined) {
    return [];
  }
  if (outputs === null || typeof outputs !== 'object' || Array.isArray(outputs)) {
    return [`outputs is ${JSON.stringify(outputs) ?? String(outputs)}; map each output name to a step output, for example { version: JobOutput.fromStep('version', 'value') }.`];
  }
  const problems: string[] = [];
  if (options.strategy !== undefined) {
    problems.push('sets outputs and a strategy; every matrix job writes the same outputs and the last one to finish wins, so move the outputs to a job without a matrix.');
  }
  const ids = Array.isArray(steps) ? steps.map((step) => step?.id?.toLowerCase()).filter((id): id is string => id !== undefined) : [];
  for (const [name, value] of Object.entries(outputs as { [name: string]: unknown })) {
    if (!OUTPUT_NAME.test(name)) {
      problems.push(`outputs has the name ${JSON.stringify(name)}; an output name starts with a letter or _ and contains only letters, digits, - and _.`);
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`outputs.${name} is ${JSON.stringify(value) ?? String(value)}; give a step output, for example JobOutput.fromStep('version', 'value').`);
      continue;
    }
    for (const ref of value.matchAll(/\bsteps\.([A-Za-z0-9_-]+)\./g)) {
      if (!ids.includes(ref[1].toLowerCase())) {
        problems.push(`outputs.${name} reads step "${ref[1]}", but no step of this job has that id; give the step id: "${ref[1]}".`);
      }
    }
  }
  return problems;
}

function outputEnvProblems(self: Job, options: ContainerJobOptions, env: unknown): string[] {
  const map = options.outputEnv as unknown;
  if (map === undefined) {
    return [];
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    return [`outputEnv is ${JSON.stringify(map) ?? String(map)}; map environment variable names to job outputs, for example { VERSION: versionJob.output('version') }.`];
  }
  const problems: string[] = [];
  for (const [name, output] of Object.entries(map as { [name: string]: unknown })) {
    if (!ENV_NAME.test(name)) {
      problems.push(`outputEnv has the name ${JSON.stringify(name)}; an environment variable name has only letters, digits and _, and does not start with a digit.`);
    }
    const inEnv = sameEnvName(env, name);
    if (inEnv !== undefined) {
      problems.push(inEnv === name
        ? `outputEnv.${name} is also set in env; keep one of them.`
        : `outputEnv.${name} and env.${inEnv} are the same variable to GitHub (env names ignore case); keep one of them.`);
    }
    if (!(output instanceof JobOutput)) {
      problems.push(`outputEnv.${name} is ${JSON.stringify(output) ?? String(output)}; give a job output, for example buildJob.output('image').`);
      continue;
    }
    if (output.job === self) {
      problems.push(`outputEnv.${name} reads an output of this job itself; a job can only read outputs of jobs it needs.`);
    } else if (output.job.workflow !== self.workflow) {
      problems.push(`outputEnv.${name} reads job "${output.job.jobId}" of workflow "${output.job.workflow.workflowId}"; outputs only reach jobs of the same workflow.`);
    } else {
      const declared = declaredOutputs(output.job);
      if (declared !== undefined && !declared.includes(output.name)) {
        problems.push(`outputEnv.${name} reads output "${output.name}" of job "${output.job.jobId}", which declares ${declared.length === 0 ? 'no outputs' : `only ${declared.map((d) => `"${d}"`).join(', ')}`}; declare it in that job's outputs.`);
      }
    }
  }
  return problems;
}
