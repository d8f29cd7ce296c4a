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
import { ARCHIVE_DIGEST_OUTPUT, ARCHIVE_ID_OUTPUT, ARCHIVE_OUTPUT, archiveFileName, archiveLoadSteps, archiveOutputs, ImageArtifact } from './image-artifact';
import { resolvedMirrors } from './image-mirror';
import { cacheScopeFor, validateImageName } from './image-name';
import { nativeMergeSteps, PlatformLegsJob } from './native-platform-build';
import { PlatformStrategy, validatePlatformStrategy } from './platform-strategy';
import { effectivePushPolicy } from './push-policy';
import { LOOKUP_STEP_ID, RESOLVED_STEP_ID, ReuseUnchanged } from './reuse-unchanged';
import { runnerPullPermissions, runnerPullSteps } from './runner-pull';
import { registerTagCollisionChecks } from './tag-collisions';
import { CacheConfig } from '../cache/docker-cache';
import { expr, IS_FORK_PR, literal } from '../expressions/expressions';
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
  /** How the image was asked for from the registry (`asService()`, ...), for the push policy's checks. */
  private readonly registryUses = new Set<string>();
  /** True once the fork fallback loads this build's archive (see {@link _exportArchiveForForks}). */
  private archivesForForks = false;
  /** True once the fork fallback builds the image itself (native runners: no archive). */
  private forkFallbackBuilds = false;

  constructor(workflow: Workflow, id: string, props: DockerBuildJobProps) {
    const p = props ?? ({} as DockerBuildJobProps);
    const suffix = typeof p.image === 'string' ? REPOSITORY_IMAGE.exec(p.image)?.[1] : undefined;
    const native = isNative(p);
    const pushWhen = effectivePushPolicy(p.push).condition;
    super(workflow, id, {
      ...p,
      // A matrix is refused by the build job's own checks (one image to hand over); not passed on.
      strategy: undefined,
      // Refused by the build job's own checks (Buildx cannot read runner images); not passed on.
      images: undefined,
      timeoutMinutes: p.timeoutMinutes ?? (native ? 10 : 60),
      // With native runners this job merges the legs' digests, which exist only on runs that push.
      // A build FROM another build's image is skipped where that image was not produced.
      if: jobConditionModel(native ? (p.if === undefined ? pushWhen : `(${bareCondition(p.if)}) && (${pushWhen})`) : p.if, contextOutputGuards(p.buildContexts)),
      outputs: {
        ...(p.outputs !== null && typeof p.outputs === 'object' ? p.outputs : {}),
        // Empty unless the image was pushed: consumers test for '' so they never run on the bare host.
        ...(pushWhen === 'false' ? {} : {
          [DockerBuildJob.IMAGE_OUTPUT]: imageOutput(p.image, suffix, native ? 'merge' : p.reuseUnchanged instanceof ReuseUnchanged ? RESOLVED_STEP_ID : BUILD_STEP_ID, pushWhen),
        }),
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
    addProblemCheck(this, () => this.registryUseProblems());
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

  /**
   * For {@link IRunnerImage}: the pushed image, `needs.<id>.outputs.image`
   * (same as {@link imageExpression}); with an `artifact`, the image loaded
   * from it, `needs.<id>.outputs.archive` (`<name>:<commit sha>`, checked
   * against the id the build reported when it is loaded).
   */
  public get referenceExpression(): string {
    return this.hasArtifact ? this.archiveExpression : this.imageExpression;
  }

  /**
   * For {@link IRunnerImage}: `needs.<id>.outputs.image != ''`, the image was
   * pushed (never on a pull request from a fork); with an `artifact`,
   * `needs.<id>.outputs.archive != ''`, the archive was exported (every run).
   */
  public get availableWhen(): string {
    return `${this.referenceExpression} != ''`;
  }

  /**
   * The pushed image for a job that uses it on its runner, in that job's
   * `images`: `images: [build.onRunner({ env: 'APP_IMAGE', localTag: 'app:ci' })]`.
   * The job logs in to the registry and pulls `<name>@sha256:<digest>`
   * before its steps, with the reference in `$APP_IMAGE`; it needs this job
   * and is skipped when nothing was pushed (pull requests from forks).
   */
  public onRunner(options: RunnerImageOptions = {}): RunnerImageUse {
    if (!this.hasArtifact) {
      this.registryUses.add('onRunner()');
    }
    return { ...options, image: this };
  }

  /**
   * The registry login and `docker pull "$<variable>"` (then
   * `docker tag` to `localTag`), for {@link IRunnerImage}.
   */
  public availabilitySteps(variable: string, localTag?: string): Step[] {
    const actions = this.workflow._actions;
    return this.hasArtifact ? archiveLoadSteps(actions, this, variable, localTag) : runnerPullSteps(actions, this, variable, localTag);
  }

  /**
   * `packages: read` to pull from GHCR with the workflow's token (none for
   * other registries, nor for an artifact of the same run), for {@link IRunnerImage}.
   */
  public runnerPermissions(consumer: Job): PermissionRequirement[] {
    return this.hasArtifact ? [] : runnerPullPermissions(this, consumer);
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
    this.registryUses.add('asBuildContext()');
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
    this.registryUses.add('asService()');
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
    const never = this.pushCondition === 'false';
    const pushes = never ? false : outputPresent?.(DockerBuildJob.IMAGE_OUTPUT);
    const archived = this.archives === undefined ? false : outputPresent === undefined ? this.archives === 'always' : outputPresent(ARCHIVE_OUTPUT);
    const policy = effectivePushPolicy(this.props.push)._kind;
    const why = never ? 'push: PushPolicy.never()' : policy === 'trustedEvents' ? "a fork's token cannot push" : `push: PushPolicy.${policy}()`;
    const line = pushes === true ? `builds and pushes ${this.imageName}` : pushes === false ? `builds ${this.imageName} without pushing (${why})` : `builds ${this.imageName}`;
    const artifact = archiveFileName(this.jobId);
    const handsOver = archived === true ? [`hands it over as the artifact ${artifact}`] : archived === undefined ? [`may hand it over as the artifact ${artifact}`] : [];
    return { lines: [line, ...handsOver], builds: true };
  }

  /** The `image` output: the name and digest this run pushed; the archive's: the image loaded from it. @internal */
  public _describeOutput(name: string): { value: string; origin: string } | undefined {
    const lower = name.toLowerCase();
    if (lower === DockerBuildJob.IMAGE_OUTPUT) {
      return { value: `${this.imageName}@<digest of ${this.jobId}>`, origin: `pushed by ${this.jobId}, by digest` };
    }
    return lower === ARCHIVE_OUTPUT && this.archives !== undefined
      ? { value: `${this.imageName}:<commit sha>`, origin: `loaded from the artifact of ${this.jobId}, checked against its image id` }
      : undefined;
  }

  /** The `image` output is `<name>@<digest>` (or empty). @internal */
  public _digestPinnedOutput(name: string): boolean {
    return name.toLowerCase() === DockerBuildJob.IMAGE_OUTPUT;
  }

  /**
   * The `image` output is there on the runs that push (never a fork's pull
   * request); the archive's, on every run with an `artifact`, else on a
   * fork's pull request when the fork fallback loads it. @internal
   */
  public _outputPresentWhen(name: string): string | undefined {
    const lower = name.toLowerCase();
    if (lower === DockerBuildJob.IMAGE_OUTPUT) {
      return this.pushCondition;
    }
    const archives = this.archives;
    return archives !== undefined && [ARCHIVE_OUTPUT, ARCHIVE_ID_OUTPUT, ARCHIVE_DIGEST_OUTPUT].includes(lower) ? (archives === 'always' ? 'true' : IS_FORK_PR) : undefined;
  }

  /** The archive's outputs, when this build exports one. @internal */
  public _ownOutputs(): { [name: string]: string } {
    return this.archives === undefined ? {} : archiveOutputs(this._nameExpression);
  }

  /**
   * Called by the fork fallback when it loads this build's archive instead
   * of building again: on a fork's pull request the build job exports it
   * (and does not build otherwise). A build with native runners has no
   * archive (the fallback builds). @internal
   */
  public _exportArchiveForForks(): boolean {
    if (this.legs !== undefined) {
      this.forkFallbackBuilds = true;
      return false;
    }
    this.archivesForForks = true;
    return true;
  }

  /** True when the fork fallback builds the image itself, so the platform legs leave forks to it. @internal */
  public get _forkFallbackBuilds(): boolean {
    return this.forkFallbackBuilds;
  }

  /** The condition (a GitHub expression without `${{ }}`) of the runs on which this build pushes: its push policy's, never a fork's pull request. */
  public get pushCondition(): string {
    return effectivePushPolicy(this.props.push).condition;
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
      jobId: this.jobId,
      pushWhen: this.pushCondition,
      archives: this.archives,
    };
  }

  /**
   * Uses of the pushed image the push policy cannot serve: with `never()`,
   * any; with a narrower policy, the runner's pulls before any step
   * (container jobs, services), which would skip those jobs unseen.
   */
  private registryUseProblems(): string[] {
    const policy = effectivePushPolicy(this.props.push);
    if (policy._kind === 'trustedEvents') {
      return [];
    }
    const pulled = [
      ...this.consumers.map((job) => `container job "${job.jobId}"`),
      ...[...this.registryUses].filter((use) => use === 'asService()').map(() => 'a service (asService())'),
    ];
    const problems: string[] = [];
    if (pulled.length > 0) {
      problems.push(`push is PushPolicy.${policy._kind}(), but ${pulled.join(', ')} ${pulled.length === 1 ? 'pulls' : 'pull'} the image from the registry before any step, `
        + `so ${pulled.length === 1 ? 'it' : 'they'} would be skipped on every run that does not push; use PushPolicy.trustedEvents() (the default), `
        + 'or give the build an artifact and use the image on a runner (a RunnerJob with images: [build.onRunner()]).');
    }
    const others = [...this.registryUses].filter((use) => use !== 'asService()');
    if (policy._kind === 'never' && others.length > 0) {
      problems.push(`push is PushPolicy.never(), but ${others.join(' and ')} ${others.length === 1 ? 'reads' : 'read'} the pushed image, which no run produces; `
        + 'push on some runs, or give the build an artifact (onRunner() then loads it).');
    }
    return problems;
  }

  /** True with a valid `artifact`: runner consumers load it instead of pulling. */
  private get hasArtifact(): boolean {
    return this.props.artifact instanceof ImageArtifact && this.legs === undefined;
  }

  /** When the build exports its archive: every run (`artifact`), a fork's pull request (for the fallback), or never. */
  private get archives(): 'always' | 'forks' | undefined {
    return this.hasArtifact ? 'always' : this.archivesForForks ? 'forks' : undefined;
  }

  /** `needs.<id>.outputs.archive`: the image loaded from the archive. */
  private get archiveExpression(): string {
    return `needs.${this.jobId}.outputs.${ARCHIVE_OUTPUT}`;
  }

  private pushPermissions(): PermissionRequirement[] {
    if (this.pushCondition === 'false') {
      return [];
    }
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

/** The `image` output: `<name>@<digest>` of the step `digestStep`, empty unless this run pushed (`pushWhen`). */
function imageOutput(image: unknown, suffix: string | undefined, digestStep: string, pushWhen: string): string {
  return expr(`(${pushWhen}) && steps.${digestStep}.outputs.digest != '' && format('{0}@{1}', ${nameExpression(image, suffix)}, steps.${digestStep}.outputs.digest) || ''`);
}
