import { contextOutputGuards } from './build-from-build';
import { BUILD_STEP_ID, BuildStepsView, singleRunnerBuildSteps } from './build-job-steps';
import { validateBuildJob } from './build-job-validation';
import { isCache } from './build-options-validation';
import { attestationPermissions, cachePermissions, oidcLogin, pushToGhcr, readForCheckout } from './build-permissions';
import { NATIVE_PLATFORM, needsEmulation, validatePlatforms } from './build-platforms';
import { QEMU_STEP } from './build-steps';
import { registerCacheCollisionChecks } from './cache-collisions';
import type { DockerBuildJobProps } from './docker-build-job-props';
import { addForkJobs } from './fork-jobs';
import { resolvedMirrors } from './image-mirror';
import { cacheScopeFor, validateImageName } from './image-name';
import { nativeMergeSteps, PlatformLegsJob } from './native-platform-build';
import { PlatformStrategy, validatePlatformStrategy } from './platform-strategy';
import { LOOKUP_STEP_ID, RESOLVED_STEP_ID, ReuseUnchanged } from './reuse-unchanged';
import { runnerPullPermissions, runnerPullSteps } from './runner-pull';
import { registerTagCollisionChecks } from './tag-collisions';
import { CacheConfig } from '../cache/docker-cache';
import { CAN_PUSH, expr, literal } from '../expressions/expressions';
import type { RegistryCredentials } from '../jobs/container';
import { interpolationScope } from '../jobs/interpolation-scope';
import { Job } from '../jobs/job';
import { bareCondition, jobConditionModel } from '../jobs/job-conditions';
import { PermissionRequirement, validatePermissions } from '../jobs/permission-merge';
import type { IRunnerImage, RunnerImageOptions, RunnerImageUse } from '../jobs/runner-image';
import type { ServiceContainer } from '../jobs/services';
import type { Step } from '../jobs/step';
import { Registry } from '../registry/registry';
import { addProblemCheck } from '../validation/collect-problems';
import type { Workflow } from '../workflow/workflow';

/** Options of {@link DockerBuildJob.asService}. */
export interface BuildServiceOptions {
  /**
   * Environment variables of the service container.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * Ports to publish on the runner host, e.g. `['8080:8080']`.
   * @default - none published
   */
  readonly ports?: string[];
  /**
   * Volumes to mount, `<source>:<destination>`.
   * @default - none
   */
  readonly volumes?: string[];
  /**
   * Docker `create` options, e.g. a health check.
   * @default - none
   */
  readonly options?: string;
}

/**
 * A job that builds a Docker image with Buildx, caches its layers, pushes it
 * and hands the exact pushed image (`name@sha256:...`) to the jobs that run in
 * it. It has every key of a job (`needs`, `if`, `environment`, `outputs`...)
 * and takes steps of its own before and after the build.
 *
 * The push is skipped on pull requests from forks (their token is
 * read-only); the image output is then empty and consumers skip themselves.
 *
 * Jobs on the runner use the image through {@link onRunner} (pulled by
 * digest before their steps, its reference in an environment variable).
 */
export class DockerBuildJob extends Job implements IRunnerImage {
  /** The name of the job output that holds `<image>@<digest>`. */
  public static readonly IMAGE_OUTPUT = 'image';

  /**
   * `ghcr.io/${{ github.repository }}`: the image named after the repository,
   * lowercased at run time. Append `/<name>` for several images of one repository.
   */
  public static readonly REPOSITORY_IMAGE = 'ghcr.io/${{ github.repository }}';

  /** The image name as given (lowercase, without tag). */
  public readonly imageName: string;
  /** Where the image is pushed. */
  public readonly registry: Registry;
  private readonly props: DockerBuildJobProps;
  /** With `ghcr.io/${{ github.repository }}[/suffix]`: the suffix ('' for none); undefined for a literal name. */
  private readonly repositorySuffix: string | undefined;
  /** The jobs that said they run in this image, in declaration order (see {@link _addConsumer}). */
  private readonly consumers: Job[] = [];
  /** With PlatformStrategy.nativeRunners(): the matrix job that builds each platform on its own runner. */
  private readonly legs: PlatformLegsJob | undefined;

  constructor(workflow: Workflow, id: string, props: DockerBuildJobProps) {
    const p = props ?? ({} as DockerBuildJobProps);
    const suffix = typeof p.image === 'string' ? REPOSITORY_IMAGE.exec(p.image)?.[1] : undefined;
    const native = isNative(p);
    super(workflow, id, {
      ...p,
      // A matrix is refused by the build job's own checks (one image to hand over); not passed on.
      strategy: undefined,
      // Refused by the build job's own checks (Buildx cannot read runner images); not passed on.
      images: undefined,
      timeoutMinutes: p.timeoutMinutes ?? (native ? 10 : 60),
      // With native runners this job merges the legs' digests, which exist only on runs that push.
      // A build FROM another build's image is skipped where that image was not produced.
      if: jobConditionModel(native ? (p.if === undefined ? CAN_PUSH : `(${bareCondition(p.if)}) && (${CAN_PUSH})`) : p.if, contextOutputGuards(p.buildContexts)),
      outputs: {
        ...(p.outputs !== null && typeof p.outputs === 'object' ? p.outputs : {}),
        // Empty unless the image was pushed: consumers test for '' so they never run on the bare host.
        [DockerBuildJob.IMAGE_OUTPUT]: imageOutput(p.image, suffix, native ? 'merge' : p.reuseUnchanged instanceof ReuseUnchanged ? RESOLVED_STEP_ID : BUILD_STEP_ID),
      },
    });
    this.props = p;
    this.imageName = p.image;
    this.repositorySuffix = suffix;
    this.registry = p.registry instanceof Registry ? p.registry : Registry.ghcr();
    addProblemCheck(this, () => validateBuildJob({
      props: this.props,
      imageName: this.imageName,
      repositorySuffix: this.repositorySuffix,
      registry: this.registry,
      scope: interpolationScope(workflow, p),
      boundCache: () => this.boundCache(),
    }));
    registerCacheCollisionChecks(this);
    registerTagCollisionChecks(this);
    if (native && this.hasPlatforms && validatePlatformStrategy(p.platformStrategy, p.platforms).length === 0) {
      this.legs = new PlatformLegsJob(workflow, `${id}_platforms`, this, p.platformStrategy!);
      super.addNeeds(this.legs);
      // The legs check out and cache: a permission lowered below that is refused here, not silently raised.
      const legNeeds = () => [readForCheckout(this.jobId), ...cachePermissions(this.jobId, this.boundCaches())];
      addProblemCheck(this, () => validatePermissions(legNeeds(), this.props.permissions));
    }
    addForkJobs(this);
  }

  /**
   * The expression a job that `needs` this one uses to read the pushed image,
   * without `${{ }}`: `needs.<id>.outputs.image`.
   */
  public get imageExpression(): string {
    return `needs.${this.jobId}.outputs.${DockerBuildJob.IMAGE_OUTPUT}`;
  }

  /**
   * The pushed image as an expression, `${{ needs.<id>.outputs.image }}`, to
   * use as a container or service image (the job reading it needs this one
   * and is skipped when nothing was pushed).
   */
  public get imageReference(): string {
    return expr(this.imageExpression);
  }

  /** This job: the producer of the image, for {@link IRunnerImage}. */
  public get producer(): Job {
    return this;
  }

  /** The pushed image, `needs.<id>.outputs.image` (same as {@link imageExpression}), for {@link IRunnerImage}. */
  public get referenceExpression(): string {
    return this.imageExpression;
  }

  /** `needs.<id>.outputs.image != ''`: the image was pushed (never on a pull request from a fork). */
  public get availableWhen(): string {
    return `${this.imageExpression} != ''`;
  }

  /**
   * The pushed image for a job that uses it on its runner, in that job's
   * `images`: `images: [build.onRunner({ env: 'APP_IMAGE', localTag: 'app:ci' })]`.
   * The job logs in to the registry and pulls `<name>@sha256:<digest>`
   * before its steps, with the reference in `$APP_IMAGE`; it needs this job
   * and is skipped when nothing was pushed (pull requests from forks).
   */
  public onRunner(options: RunnerImageOptions = {}): RunnerImageUse {
    return { ...options, image: this };
  }

  /**
   * The registry login and `docker pull "$<variable>"` (then
   * `docker tag` to `localTag`), for {@link IRunnerImage}.
   */
  public availabilitySteps(variable: string, localTag?: string): Step[] {
    return runnerPullSteps(this.workflow._actions, this, variable, localTag);
  }

  /** `packages: read` to pull from GHCR with the workflow's token (none for other registries), for {@link IRunnerImage}. */
  public runnerPermissions(consumer: Job): PermissionRequirement[] {
    return runnerPullPermissions(this, consumer);
  }

  /**
   * This job's image as a build context of another build job of the same
   * workflow (`buildContexts: { base: baseImage.asBuildContext() }`, then
   * `FROM base` in its Dockerfile): `docker-image://<name>@<digest>`, the
   * exact image of this run. The other build needs this one and is skipped
   * where nothing was pushed (a fork's pull request, whose fallback cannot
   * build it: such a build defaults to `ForkPullRequests.skipConsumers()`).
   */
  public asBuildContext(): string {
    return `docker-image://${this.imageReference}`;
  }

  /** The credentials a job pulls this image with (the registry's). */
  public get pullCredentials(): RegistryCredentials {
    return { username: this.registry.username, password: this.registry.password };
  }

  /**
   * The image this job pushes as a service container of another job (e.g.
   * an API the tests call): the exact digest of this run, pulled with the
   * registry's credentials; the job using it needs this one and is skipped
   * when nothing was pushed.
   */
  public asService(name: string, options: BuildServiceOptions = {}): ServiceContainer {
    return { name, image: this.imageReference, credentials: this.pullCredentials, ...options };
  }

  /**
   * Makes this job wait for `jobs`; with native runners the platform legs
   * wait for them too.
   */
  public addNeeds(...jobs: Job[]): void {
    super.addNeeds(...jobs);
    this.legs?.addNeeds(...jobs);
  }

  /** On a fork's pull request the build pushes nothing (the token cannot push). @internal */
  public _diagram(outputPresent?: (name: string) => boolean | undefined): { lines: string[]; builds?: boolean } {
    const pushes = outputPresent?.(DockerBuildJob.IMAGE_OUTPUT);
    const line = pushes === true ? `builds and pushes ${this.imageName}`
      : pushes === false ? `builds ${this.imageName} without pushing (a fork's token cannot push)` : `builds ${this.imageName}`;
    return { lines: [line], builds: true };
  }

  /** The `image` output: the name and digest this run pushed. @internal */
  public _describeOutput(name: string): { value: string; origin: string } | undefined {
    return name.toLowerCase() === DockerBuildJob.IMAGE_OUTPUT
      ? { value: `${this.imageName}@<digest of ${this.jobId}>`, origin: `pushed by ${this.jobId}, by digest` }
      : undefined;
  }

  /** The `image` output is `<name>@<digest>` (or empty). @internal */
  public _digestPinnedOutput(name: string): boolean {
    return name.toLowerCase() === DockerBuildJob.IMAGE_OUTPUT;
  }

  /** The `image` output is pushed on every run but a fork's pull request (where the token cannot push). @internal */
  public _outputPresentWhen(name: string): string | undefined {
    return name.toLowerCase() === DockerBuildJob.IMAGE_OUTPUT ? CAN_PUSH : undefined;
  }

  /** The scope/ref the cache writes to, for collision checks across jobs. @internal */
  public _cacheWriteKey(): string | undefined {
    // Two repository images differ by their suffix, not by the (job-local) step expression.
    return this.boundCache()?.writeKey?.split(RUNTIME_NAME).join(`ghcr.io/<repository>${this.repositorySuffix ?? ''}`);
  }

  /** How to give a colliding cache its own destination. @internal */
  public _cacheWriteFix(): string | undefined {
    return this.boundCache()?.writeKeyFix?.split(RUNTIME_NAME).join(`ghcr.io/<owner>/<repo>${this.repositorySuffix ?? ''}`);
  }

  protected requiredPermissions(): PermissionRequirement[] {
    // With native runners this job only merges and attests; the legs check out, build and cache.
    return [...(this.legs === undefined ? this._buildPermissions() : this.pushPermissions()), ...this.attestPermissions()];
  }

  /** What the job that runs the build needs (checkout, push, caches). @internal */
  public _buildPermissions(): PermissionRequirement[] {
    return [readForCheckout(this.jobId), ...this.pushPermissions(), ...cachePermissions(this.jobId, this.boundCaches())];
  }

  protected renderSteps(): Step[] {
    return this.legs === undefined ? this._singleRunnerSteps() : nativeMergeSteps(this, this.legs);
  }

  /**
   * The build on one runner (what the fork fallback and the native legs
   * build from). `scopeSuffix` is appended to the written cache's scope.
   * @internal
   */
  public _singleRunnerSteps(scopeSuffix?: string, postBuildSteps = true): Step[] {
    return singleRunnerBuildSteps(this.stepsView(), scopeSuffix, postBuildSteps);
  }

  /**
   * The one-runner build steps the fork fallback starts from. With native
   * runners they read the cache scope of the runner's own platform
   * (linux/amd64), if built; nothing is emulated.
   * @internal
   */
  public _forkBuildSteps(): Step[] {
    const scope = this.legs !== undefined && this.props.platforms!.includes(NATIVE_PLATFORM) ? NATIVE_PLATFORM.replace(/\//g, '-') : undefined;
    // A fork's run cannot read the registry, so it never reuses an image: no lookup, the build always runs.
    return this._singleRunnerSteps(scope, false)
      .filter((step) => step.name !== QEMU_STEP && step.id !== LOOKUP_STEP_ID && step.id !== RESOLVED_STEP_ID)
      .map((step) => (step.id === BUILD_STEP_ID ? { ...step, if: undefined } : step));
  }

  /** The image name in an expression: a literal, or the lowercasing step's output. @internal */
  public get _nameExpression(): string {
    return nameExpression(this.imageName, this.repositorySuffix);
  }

  /** The image name as the workflow writes it. @internal */
  public get _nameInWorkflow(): string {
    return this.repositorySuffix === undefined ? this.imageName : RUNTIME_NAME;
  }

  /** The lowercasing step's repository suffix (undefined for a literal name). @internal */
  public get _repositorySuffix(): string | undefined {
    return this.repositorySuffix;
  }

  /**
   * Records a job that runs in this image (a container job), so the fork
   * strategy finds them without scanning the workflow once per build.
   * @internal
   */
  public _addConsumer(job: Job): void {
    this.consumers.push(job);
  }

  /** The jobs recorded by {@link _addConsumer}, in declaration order. @internal */
  public get _consumers(): readonly Job[] {
    return this.consumers;
  }

  /** @internal */
  public get _props(): DockerBuildJobProps {
    return this.props;
  }

  private stepsView(): BuildStepsView {
    return {
      props: this.props,
      actions: this.workflow._actions,
      registry: this.registry,
      nameInWorkflow: this._nameInWorkflow,
      repositorySuffix: this.repositorySuffix,
      platforms: this.hasPlatforms ? this.props.platforms : undefined,
      mayRunOnTags: this.workflow.mayRunOnTags,
      emulates: this.emulates,
      cache: this.boundCache(),
      readers: this.boundCaches(),
    };
  }

  private pushPermissions(): PermissionRequirement[] {
    const mirrors = resolvedMirrors(this.props);
    return [
      ...(this.registry.usesGitHubToken ? [pushToGhcr(this.jobId, this.imageName)] : []),
      ...mirrors.filter((m) => m.registry.usesGitHubToken).map((m) => pushToGhcr(this.jobId, m.image)),
      ...mirrors.filter((m) => m.registry.usesOidc).map((m) => oidcLogin(this.jobId, m.image, m.registry.displayName)),
    ];
  }

  private attestPermissions(): PermissionRequirement[] {
    return this.props.attestProvenance === true ? attestationPermissions(this.jobId, this.imageName) : [];
  }

  /** True with a valid, non-empty `platforms` list. */
  private get hasPlatforms(): boolean {
    return Array.isArray(this.props.platforms) && this.props.platforms.length > 0 && validatePlatforms(this.props.platforms).length === 0;
  }

  /** True when some platform must be emulated with QEMU. */
  private get emulates(): boolean {
    return !isNative(this.props) && this.hasPlatforms && needsEmulation(this.props.platforms);
  }

  private cacheBindOptions() {
    if (this.repositorySuffix !== undefined) {
      // A fixed scope without the (unknown) repository name: `repo`, or `repo-<suffix>`.
      return { imageName: RUNTIME_NAME, defaultScope: `repo${this.repositorySuffix.replace(/\//g, '-')}` };
    }
    return { imageName: this.imageName, defaultScope: cacheScopeFor(this.imageName) };
  }

  /** The written cache, bound; undefined when absent or when the job is invalid. */
  private boundCache(): CacheConfig | undefined {
    return this.isBindable() && isCache(this.props.cache) ? this.props.cache.bind(this.cacheBindOptions()) : undefined;
  }

  /** Every cache read (the written one first, then `cacheFrom`), bound. */
  private boundCaches(): CacheConfig[] {
    if (!this.isBindable()) {
      return [];
    }
    const extra = Array.isArray(this.props.cacheFrom) ? this.props.cacheFrom.filter(isCache) : [];
    const readOnly = extra.map((c) => {
      const bound = c.bind(this.cacheBindOptions());
      // Read-only: no cache-to, so no export-only permissions (e.g. the gha ghtoken's actions: read).
      return { cacheFrom: bound.cacheFrom, directory: bound.directory, buildEnv: bound.buildEnv };
    });
    const cache = this.boundCache();
    return [...(cache ? [cache] : []), ...readOnly];
  }

  private isBindable(): boolean {
    return this.repositorySuffix !== undefined || validateImageName(this.imageName).length === 0;
  }
}

/** The lowercased repository image name, output of the `image` step. */
const RUNTIME_NAME = '${{ steps.image.outputs.name }}';

/** `ghcr.io/${{ github.repository }}` and an optional `/<path>` of lowercase components. */
const REPOSITORY_IMAGE = /^ghcr\.io\/\$\{\{ github\.repository \}\}((?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)$/;

/** True when the props ask for each platform on its own runner. */
function isNative(p: DockerBuildJobProps): boolean {
  return p.platformStrategy instanceof PlatformStrategy && p.platformStrategy._kind === 'native'
    && Array.isArray(p.platforms) && p.platforms.length > 0 && validatePlatforms(p.platforms).length === 0;
}

/** The image name in an expression: a literal, or the lowercasing step's output. */
function nameExpression(image: unknown, suffix: string | undefined): string {
  return suffix === undefined ? literal(typeof image === 'string' ? image : '') : 'steps.image.outputs.name';
}

/** The `image` output: `<name>@<digest>` of the step `digestStep`, empty unless this run pushed. */
function imageOutput(image: unknown, suffix: string | undefined, digestStep: string): string {
  return expr(`(${CAN_PUSH}) && steps.${digestStep}.outputs.digest != '' && format('{0}@{1}', ${nameExpression(image, suffix)}, steps.${digestStep}.outputs.digest) || ''`);
}
