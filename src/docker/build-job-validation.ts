/**
 * Synth-time checks of a DockerBuildJob as a whole: image name against the
 * registry, context and file, caches and their sources, build options,
 * platforms and their strategy. Each problem says how to fix it.
 */
import { BUILD_JOB_STEP_IDS } from './build-job-steps';
import { isCache, validateBuildOptions } from './build-options-validation';
import { validatePlatforms } from './build-platforms';
import { cacheTagProblems, tagsProblems } from './build-tags';
import type { DockerBuildJobProps } from './docker-build-job-props';
import { handOffProblems } from './hand-off-validation';
import { mirrorProblems } from './image-mirror';
import { validateImageName } from './image-name';
import { PlatformStrategy, validatePlatformStrategy } from './platform-strategy';
import { AWS_CREDENTIALS_STEP_ID, GOOGLE_AUTH_STEP_ID } from './registry-logins';
import { ReuseUnchanged } from './reuse-unchanged';
import { CacheWritePolicy } from '../cache/cache-write-policy';
import { CacheConfig, IDockerCache } from '../cache/docker-cache';
import { GhaCache } from '../cache/gha-cache';
import { CheckoutOptions, checkoutProblems } from '../jobs/checkout';
import type { InterpolationScope } from '../jobs/script-interpolation';
import type { Step } from '../jobs/step';
import { textProblems, validateSteps } from '../jobs/step-validation';
import { Registry } from '../registry/registry';

/** The build job's own output (DockerBuildJob.IMAGE_OUTPUT; the class imports this file). */
const DockerBuildJob_IMAGE_OUTPUT = 'image';

/** The registry the build pushes to with the workflow's `GITHUB_TOKEN`. */
const GHCR = 'ghcr.io';

/** What the checks read of a build job. */
export interface BuildJobView {
  readonly props: DockerBuildJobProps;
  readonly imageName: string;
  /** With `ghcr.io/${{ github.repository }}[/suffix]`: the suffix; undefined for a literal name. */
  readonly repositorySuffix: string | undefined;
  readonly registry: Registry;
  /** Where the build job's own steps run (for the script-injection check). */
  readonly scope: InterpolationScope;
  boundCache(): CacheConfig | undefined;
}

function validateCacheSources(job: BuildJobView): string[] {
  const problems: string[] = [];
  const sources = job.props.cacheFrom as unknown;
  if (sources !== undefined) {
    if (!Array.isArray(sources)) {
      problems.push(`cacheFrom is ${JSON.stringify(sources) ?? String(sources)}; give a list of caches to read, for example [RegistryCache.max()].`);
    } else {
      sources.forEach((source: unknown, index) => {
        if (!isCache(source)) {
          problems.push(`cacheFrom[${index}] is ${JSON.stringify(source) ?? String(source)}; pass a cache backend such as RegistryCache.max().`);
        } else {
          problems.push(...source.validate().map((p) => `cacheFrom[${index}]: ${p}`));
        }
      });
    }
  }
  const policy = job.props.cacheWritePolicy as unknown;
  if (policy !== undefined && !(policy instanceof CacheWritePolicy)) {
    problems.push(`cacheWritePolicy is ${JSON.stringify(policy) ?? String(policy)}; pass CacheWritePolicy.trusted(), .defaultBranchOnly(), .readOnly() or .when('<expression>').`);
  } else if (policy instanceof CacheWritePolicy) {
    problems.push(...policy.validate());
  }
  if (problems.length === 0 && job.props.cache !== undefined && isCache(job.props.cache) && job.props.cache.validate().length === 0) {
    const host = job.repositorySuffix === undefined
      ? job.boundCache()?.registryHost
      : job.props.cache.bind({ imageName: `${GHCR}/owner/repository`, defaultScope: 'repo' }).registryHost;
    if (host !== undefined && host !== job.registry.host) {
      problems.push(`cache exports to ${host}, but the build logs in to ${job.registry.displayName} only; keep the cache next to the image, e.g. RegistryCache.max({ ref: '${job.imageName}:buildcache' }).`);
    }
  }
  if ((job.props as { images?: unknown }).images !== undefined) {
    problems.push('sets images, but Buildx builds in a builder of its own that cannot read images pulled onto the runner; '
      + 'to build FROM an image of this run use buildContexts, and to use both images after the build use a RunnerJob with images.');
  }
  return problems;
}

export function validateBuildJob(job: BuildJobView): string[] {
  const problems = job.repositorySuffix !== undefined ? [] : validateImageName(job.imageName);
  const registry = job.props.registry as unknown;
  if (registry !== undefined && !(registry instanceof Registry)) {
    problems.push(`registry is ${JSON.stringify(registry) ?? String(registry)}; pass Registry.ghcr(), Registry.dockerHub({ ... }) or Registry.custom({ ... }), or leave it out for GHCR.`);
  } else if (job.registry.usesOidc) {
    problems.push(`registry is ${job.registry.displayName}, logged in with OIDC, but container jobs pull the build's image with a user name and password, which it does not have; ` +
      'push to GHCR (or another registry with a password) and add this one to alsoPushTo.');
  } else if (job.repositorySuffix !== undefined) {
    if (!job.registry.usesGitHubToken) {
      problems.push(`image "${job.imageName}" names a GHCR image, but registry is ${job.registry.displayName}; name the image on ${job.registry.displayName} literally, or leave registry out.`);
    }
  } else if (problems.length === 0 && job.registry.usesGitHubToken && !job.imageName.startsWith(`${GHCR}/`)) {
    problems.push(`image "${job.imageName}" is not on GHCR; the build logs in to ghcr.io with the workflow's GITHUB_TOKEN, so name it ghcr.io/<owner>/<name>.`);
  } else {
    problems.push(...job.registry.validate(problems.length === 0 ? job.imageName : undefined));
  }
  for (const [key, value] of [['context', job.props.context], ['file', job.props.file]] as const) {
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      problems.push(`${key} is empty; give a path relative to the repository root or leave it out.`);
    } else {
      problems.push(...textProblems([[key, value]], ''));
    }
  }
  const cache = job.props.cache as unknown;
  if (cache !== undefined && (cache === null || typeof (cache as IDockerCache).bind !== 'function' || typeof (cache as IDockerCache).validate !== 'function')) {
    problems.push(`cache is ${JSON.stringify(cache) ?? String(cache)}; pass a cache backend such as GhaCache.max(), or leave it out to build without a cache.`);
  } else {
    problems.push(...(job.props.cache?.validate() ?? []));
  }
  problems.push(...validateCacheSources(job));
  problems.push(...validateBuildOptions(job.props));
  problems.push(...validatePlatforms(job.props.platforms));
  const platforms = validatePlatforms(job.props.platforms).length === 0 ? job.props.platforms : undefined;
  problems.push(...validatePlatformStrategy(job.props.platformStrategy, platforms));
  problems.push(...buildJobKeysProblems(job.props, job.scope));
  const strategy = job.props.platformStrategy;
  if (strategy instanceof PlatformStrategy && strategy._kind === 'native' && isCache(job.props.cache) && !(job.props.cache instanceof GhaCache)) {
    problems.push(`platformStrategy is PlatformStrategy.nativeRunners(), which builds each platform in its own job, but cache is ${job.props.cache.constructor.name}; ` +
      'only GhaCache gets a per-platform scope there, so use cache: GhaCache.max() or no cache, or PlatformStrategy.emulated().');
  }
  problems.push(...reuseProblems(job.props));
  problems.push(...handOffProblems(job.props));
  problems.push(...tagsProblems(job.props));
  if (job.repositorySuffix === undefined && problems.length === 0) {
    problems.push(...cacheTagProblems(job.props, job.imageName, job.boundCache()));
  }
  problems.push(...mirrorProblems(job.props, job.registry));
  return problems;
}

/** `reuseUnchanged`: a ReuseUnchanged with good patterns, on a single-runner build. */
function reuseProblems(p: DockerBuildJobProps): string[] {
  const reuse = p.reuseUnchanged as unknown;
  if (reuse === undefined) {
    return [];
  }
  if (!(reuse instanceof ReuseUnchanged)) {
    return [`reuseUnchanged is ${JSON.stringify(reuse) ?? String(reuse)}; use ReuseUnchanged.whenFilesMatch([...]), or leave it out.`];
  }
  const problems = reuse._problems();
  // The key hashes the settings as written: a value computed at run time (another build's digest, a
  // version from a step) would change the image without changing the key.
  const settings: [string, unknown][] = [['context', p.context], ['file', p.file], ['target', p.target],
    ...(['buildArgs', 'buildContexts', 'labels'] as const).flatMap((key) => Object.entries(p[key] ?? {}).map(([name, value]) => [`${key}.${name}`, value] as [string, unknown]))];
  for (const [where, value] of settings) {
    if (typeof value === 'string' && value.includes('${{')) {
      problems.push(`reuseUnchanged keys the image on the build settings as written, but ${where} is an expression whose value can change from run to run unseen; ` +
        'write it literally, or leave reuseUnchanged out.');
    }
  }
  if (p.platformStrategy instanceof PlatformStrategy && p.platformStrategy._kind === 'native') {
    problems.push('reuseUnchanged is not available with PlatformStrategy.nativeRunners() (the legs build before the lookup could run); use PlatformStrategy.emulated(), or leave reuseUnchanged out.');
  }
  return problems;
}

/** The job keys a build job takes differently from other jobs, and its own steps. */
function buildJobKeysProblems(p: DockerBuildJobProps, scope: InterpolationScope): string[] {
  const problems: string[] = [];
  if (p.strategy !== undefined) {
    problems.push('sets strategy, but a build job hands over one image, and the legs of a matrix would overwrite each other\'s image output; ' +
      'declare one DockerBuildJob per variant (a loop in .projenrc.ts), or use platforms for a multi-platform image.');
  }
  const outputs = p.outputs as unknown;
  const clash = outputs !== null && typeof outputs === 'object' ? Object.keys(outputs).find((name) => name.toLowerCase() === DockerBuildJob_IMAGE_OUTPUT) : undefined;
  if (clash !== undefined) {
    problems.push(`outputs declares "${clash}", the build job's own output (the pushed <name>@<digest>); give your output another name.`);
  }
  for (const key of ['preBuildSteps', 'postBuildSteps'] as const) {
    const steps = p[key] as unknown;
    if (steps === undefined) {
      continue;
    }
    if (!Array.isArray(steps)) {
      problems.push(`${key} is ${JSON.stringify(steps) ?? String(steps)}; give a list of steps, for example [{ run: 'git describe --always > VERSION' }].`);
      continue;
    }
    problems.push(...validateSteps(steps, key, scope));
    steps.forEach((step: Step, index: number) => {
      if (step !== null && typeof step === 'object' && typeof step.id === 'string' && (BUILD_JOB_STEP_IDS.includes(step.id.toLowerCase()) || [AWS_CREDENTIALS_STEP_ID, GOOGLE_AUTH_STEP_ID].some((own) => step.id!.toLowerCase().startsWith(own)))) {
        problems.push(`${key}[${index}] has the id "${step.id}", which the build job uses for its own step; give your step another id.`);
      }
    });
  }
  if (p.cacheOnTags !== undefined && typeof p.cacheOnTags !== 'boolean') {
    problems.push(`cacheOnTags is ${JSON.stringify(p.cacheOnTags) ?? String(p.cacheOnTags)}; use true to read the caches when building a tag, or leave it out.`);
  }
  const checkout = p.checkout as unknown;
  problems.push(...checkoutProblems(checkout));
  if (checkout !== null && typeof checkout === 'object') {
    const c = checkout as CheckoutOptions;
    if (c.enabled === false) {
      problems.push('checkout.enabled is false, but the build reads its context from the checked-out workspace; leave enabled out.');
    }
    if (c.path !== undefined) {
      problems.push('checkout.path is set, but the build\'s context and the fork fallback expect the repository at the workspace root; leave path out and set context instead.');
    }
  }
  return problems;
}
