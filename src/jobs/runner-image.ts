/**
 * Images a job uses on its runner (`docker run`, `docker compose`, kind or
 * k3d): before the job's steps each one is made available (for a built
 * image: logged in and pulled by digest), and its exact reference is in an
 * environment variable of the job. The job needs the image's producer and is
 * skipped when the image was not produced, as a container job is.
 *
 * This layer knows nothing of Docker: what makes an image available is the
 * image's own business ({@link IRunnerImage}); a `DockerBuildJob` is one.
 */
import type { Job } from './job';
import { ENV_NAME } from './job-output';
import type { PermissionRequirement } from './permission-merge';
import type { Step } from './step';
import { sameEnvName } from './step-validation';
import { expr } from '../expressions/expressions';

/**
 * Something a job can use on its runner: an image another job of the same
 * workflow produces (a `DockerBuildJob`'s pushed image). A job given one in
 * `images` needs {@link producer}, is skipped unless {@link availableWhen},
 * has the reference in an environment variable, and runs
 * {@link availabilitySteps} before its own steps.
 */
export interface IRunnerImage {
  /** The job that produces the image; the consuming job needs it. */
  readonly producer: Job;
  /**
   * The exact reference of the image as an expression a job that needs the
   * producer can read, without `${{ }}`, e.g. `needs.build.outputs.image`
   * (`<name>@sha256:...`).
   */
  readonly referenceExpression: string;
  /**
   * The condition (an expression a job that needs the producer can read)
   * under which the reference is not empty, e.g.
   * `needs.build.outputs.image != ''`: the consuming job is skipped
   * otherwise (its own `if` is combined with it).
   */
  readonly availableWhen: string;
  /**
   * The steps that make the image available on the runner, reading its
   * reference from the environment variable `variable` (never from an
   * interpolated expression); with `localTag`, they also give it that local
   * name. Steps identical to an earlier image's (the same registry login)
   * run once.
   */
  availabilitySteps(variable: string, localTag?: string): Step[];
  /** The token permissions the availability steps need in job `consumer`. */
  runnerPermissions(consumer: Job): PermissionRequirement[];
}

/** How a job uses an image on its runner. */
export interface RunnerImageOptions {
  /**
   * The environment variable (of every step of the job) that holds the
   * image's exact reference, `<name>@sha256:<digest>`: `docker run "$IMAGE"`,
   * or `image: ${IMAGE}` in a compose file.
   * @default 'IMAGE'
   */
  readonly env?: string;
  /**
   * A local name to give the pulled image as well (`docker tag`), e.g.
   * `app:ci`, for tools that want a name rather than a digest: a compose file
   * of your own, `kind load docker-image app:ci`, `k3d image import app:ci`.
   * It exists only on this runner, so it cannot move to another image.
   * @default - no local name: use the reference in `env`
   */
  readonly localTag?: string;
}

/** An image a job uses on its runner, e.g. `build.onRunner({ env: 'APP_IMAGE' })`. */
export interface RunnerImageUse extends RunnerImageOptions {
  /** The image, e.g. a `DockerBuildJob`. */
  readonly image: IRunnerImage;
}

/** The variable a use without `env` gets. */
export const DEFAULT_IMAGE_ENV = 'IMAGE';

/** A local image name: `[host[:port]/]path[:tag]`, lowercase path, no digest. */
const LOCAL_TAG = /^(?:[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/;

/** Variables GitHub sets itself and a workflow cannot replace. */
const RESERVED_PREFIX = /^(?:GITHUB_|RUNNER_)/i;

/** A value for messages; an object of a class (a job...) by its class, as it cannot be written as JSON. */
function show(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(show).join(', ')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const name = (value as object).constructor?.name;
    if (name !== undefined && name !== 'Object') {
      return `a ${name}`;
    }
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${show(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value) ?? String(value);
}

/** True for something shaped like an {@link IRunnerImage} (a JS caller may pass anything). */
function isRunnerImage(x: unknown): x is IRunnerImage {
  const image = x as Partial<IRunnerImage> | null | undefined;
  return image !== null && typeof image === 'object' && typeof image.availabilitySteps === 'function'
    && typeof image.runnerPermissions === 'function' && typeof image.referenceExpression === 'string' && typeof image.availableWhen === 'string';
}

/** The uses of `images` that can be rendered (the rest are refused by {@link runnerImageProblems}). */
export function validUses(images: unknown): RunnerImageUse[] {
  return Array.isArray(images) ? images.filter((u): u is RunnerImageUse => u !== null && typeof u === 'object' && isRunnerImage(u.image)) : [];
}

/** The variable that holds the reference of `use`. */
export function envOf(use: RunnerImageUse): string {
  return use.env ?? DEFAULT_IMAGE_ENV;
}

/** `VAR: ${{ <reference> }}` for every use: the job-level env. */
export function runnerImageEnv(images: unknown): { [name: string]: string } {
  return Object.fromEntries(validUses(images).map((use) => [envOf(use), expr(use.image.referenceExpression)]));
}

/** The guards of every use, each once, in order. */
export function runnerImageGuards(images: unknown): string[] {
  return [...new Set(validUses(images).map((use) => use.image.availableWhen))];
}

/** The availability steps of every use, in order; a step identical to an earlier one (a second login to the same registry) is left out. */
export function runnerImageSteps(images: unknown): Step[] {
  const seen = new Set<string>();
  const steps: Step[] = [];
  for (const use of validUses(images)) {
    for (const step of use.image.availabilitySteps(envOf(use), use.localTag)) {
      const key = JSON.stringify(step);
      if (!seen.has(key)) {
        seen.add(key);
        steps.push(step);
      }
    }
  }
  return steps;
}

/** What the consuming job `job` needs besides `images`: where its env and steps could clash. */
export interface RunnerImageContext {
  readonly job: Job;
  readonly env: unknown;
  readonly outputEnv: unknown;
  /** Variables the job's strategy sets (shards). */
  readonly strategyEnv: { [name: string]: string };
  /** True when the job's steps run in a container (not on the runner host). */
  readonly inContainer: boolean;
}

/** Problems with the `images` of a job, each saying how to fix it. */
export function runnerImageProblems(images: unknown, ctx: RunnerImageContext): string[] {
  if (images === undefined) {
    return [];
  }
  if (!Array.isArray(images)) {
    return [`images is ${show(images)}; give a list of images, for example [build.onRunner({ env: 'APP_IMAGE' })].`];
  }
  const problems: string[] = [];
  if (images.length > 0 && ctx.inContainer) {
    problems.push('sets images, but its steps run in a container, and images are pulled onto the runner host; use a RunnerJob without container (or the image as a service).');
  }
  const envs = new Map<string, string>();
  const tags = new Map<string, string>();
  const producers = new Map<Job, string>();
  images.forEach((use: unknown, i) => {
    const at = `images[${i}]`;
    const u = use as Partial<RunnerImageUse> | null;
    if (u === null || typeof u !== 'object' || !isRunnerImage(u.image)) {
      problems.push(`${at} is ${show(u)}; give an image a job of this workflow produces, for example build.onRunner({ env: 'APP_IMAGE' }).`);
      return;
    }
    const producer = u.image.producer;
    if (producer === ctx.job) {
      problems.push(`${at} is the image of this job itself; a job can only use images of jobs it needs.`);
    } else if (producer.workflow !== ctx.job.workflow) {
      problems.push(`${at} is produced by job "${producer.jobId}" of workflow "${producer.workflow.workflowId}", but an image reaches only jobs of the same workflow run; declare this job in workflow "${producer.workflow.workflowId}".`);
    }
    const first = producers.get(producer);
    if (first !== undefined) {
      problems.push(`${at} uses the image of job "${producer.jobId}" again (also ${first}); use each image once (its reference is in one variable).`);
    } else {
      producers.set(producer, at);
    }
    problems.push(...envProblems(u as RunnerImageUse, at, ctx, envs));
    problems.push(...localTagProblems(u.localTag, at, tags));
  });
  return problems;
}

function envProblems(use: RunnerImageUse, at: string, ctx: RunnerImageContext, envs: Map<string, string>): string[] {
  const name = use.env ?? DEFAULT_IMAGE_ENV;
  const label = use.env === undefined ? `${at} (env ${DEFAULT_IMAGE_ENV}, the default)` : `${at}.env`;
  if (typeof name !== 'string' || !ENV_NAME.test(name)) {
    return [`${at}.env is ${show(name)}; an environment variable name has only letters, digits and _, and does not start with a digit (for example "APP_IMAGE").`];
  }
  if (RESERVED_PREFIX.test(name)) {
    return [`${at}.env is "${name}", but GitHub reserves names starting with GITHUB_ and RUNNER_; choose another, for example "APP_IMAGE".`];
  }
  const problems: string[] = [];
  const earlier = envs.get(name.toLowerCase());
  if (earlier !== undefined) {
    problems.push(`${label} is ${name}, the variable of ${earlier} too (env names ignore case); give each image its own, e.g. { env: 'API_IMAGE' } and { env: 'WORKER_IMAGE' }.`);
  } else {
    envs.set(name.toLowerCase(), at);
  }
  for (const [key, map] of [['env', ctx.env], ['outputEnv', ctx.outputEnv], ['strategy.shards', ctx.strategyEnv]] as const) {
    const clash = sameEnvName(map, name);
    if (clash !== undefined) {
      problems.push(`${label} is ${name}, which ${key} sets too${clash === name ? '' : ` (as ${clash}; env names ignore case)`}; rename one of them.`);
    }
  }
  return problems;
}

function localTagProblems(tag: unknown, at: string, tags: Map<string, string>): string[] {
  if (tag === undefined) {
    return [];
  }
  if (typeof tag !== 'string' || !LOCAL_TAG.test(tag)) {
    return [`${at}.localTag is ${show(tag)}; give a local image name, lowercase, with an optional tag and no digest, for example "app:ci".`];
  }
  const earlier = tags.get(tag);
  if (earlier !== undefined) {
    return [`${at}.localTag is "${tag}", the local name of ${earlier} too; give each image its own.`];
  }
  tags.set(tag, at);
  return [];
}
