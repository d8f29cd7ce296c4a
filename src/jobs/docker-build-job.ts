import { validateBuildJob } from './build-job-validation';
import { isCache } from './build-options-validation';
import { attestationPermissions, cachePermissions, pushToGhcr, readForCheckout } from './build-permissions';
import { NATIVE_PLATFORM, needsEmulation, validatePlatforms } from './build-platforms';
import { attestStep, cacheRestoreSteps, cacheSaveSteps, loginStep, lowercaseSteps, metadataStep, omitUndefined, QEMU_STEP, qemuStep, secretEnv } from './build-steps';
import type { DockerBuildJobProps } from './docker-build-job-props';
import { Job } from './job';
import { nativeMergeModel, PlatformLegsJob } from './native-platform-build';
import { PermissionRequirement, validatePermissions } from './permission-merge';
import { PlatformStrategy, validatePlatformStrategy } from './platform-strategy';
import type { ActionKey } from '../actions/action-table';
import { gated } from '../cache/cache-values';
import { CacheWritePolicy } from '../cache/cache-write-policy';
import { CacheConfig } from '../cache/docker-cache';
import { cacheScopeFor, validateImageName } from '../docker/image-name';
import { Registry } from '../registry/registry';
import { addProblemCheck } from '../validation/collect-problems';
import { CAN_PUSH, expr, literal } from '../workflow/expressions';
import type { Workflow } from '../workflow/workflow';
import type { JobModel, StepModel } from '../workflow/workflow-model';

/**
 * A job that builds a Docker image with Buildx, caches its layers, pushes it
 * and hands the exact pushed image (`name@sha256:...`) to the jobs that run in
 * it.
 *
 * The push is skipped on pull requests from forks (their token is
 * read-only); the image output is then empty and consumers skip themselves.
 */
export class DockerBuildJob extends Job {
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
  /** With PlatformStrategy.nativeRunners(): the matrix job that builds each platform on its own runner. */
  private readonly legs: PlatformLegsJob | undefined;

  constructor(workflow: Workflow, id: string, props: DockerBuildJobProps) {
    super(workflow, id, props);
    this.props = props ?? ({} as DockerBuildJobProps);
    this.imageName = this.props.image;
    const repositoryImage = typeof this.imageName === 'string' ? REPOSITORY_IMAGE.exec(this.imageName) : null;
    this.repositorySuffix = repositoryImage === null ? undefined : repositoryImage[1];
    this.registry = this.props.registry instanceof Registry ? this.props.registry : Registry.ghcr();
    addProblemCheck(this, () => validateBuildJob({
      props: this.props,
      imageName: this.imageName,
      repositorySuffix: this.repositorySuffix,
      registry: this.registry,
      boundCache: () => this.boundCache(),
    }));
    const strategy = this.props.platformStrategy;
    if (strategy instanceof PlatformStrategy && strategy._kind === 'native' && this.hasPlatforms
      && validatePlatformStrategy(strategy, this.props.platforms).length === 0) {
      this.legs = new PlatformLegsJob(workflow, `${id}_platforms`, this, strategy);
      this.addNeeds(this.legs);
      // The legs check out and cache: a permission lowered below that is refused here too, not silently raised.
      const legNeeds = () => [readForCheckout(this.jobId), ...cachePermissions(this.jobId, this.boundCaches())];
      addProblemCheck(this, () => validatePermissions(legNeeds(), this.props.permissions));
    }
  }

  /**
   * The expression a job that `needs` this one uses to read the pushed image,
   * without `${{ }}`: `needs.<id>.outputs.image`.
   */
  public get imageExpression(): string {
    return `needs.${this.jobId}.outputs.${DockerBuildJob.IMAGE_OUTPUT}`;
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

  /** The credentials a container job that runs this image pulls it with. @internal */
  public _pullCredentials(): { username: string; password: string } {
    return { username: this.registry.username, password: this.registry.password };
  }

  /** @internal */
  public _permissionRequirements(): PermissionRequirement[] {
    // With native runners this job only merges and attests; the legs check out, build and cache.
    return [...(this.legs === undefined ? this._buildPermissions() : this.pushPermissions()), ...this.attestPermissions()];
  }

  /** What the job that runs the build needs (checkout, push, caches). @internal */
  public _buildPermissions(): PermissionRequirement[] {
    return [readForCheckout(this.jobId), ...this.pushPermissions(), ...cachePermissions(this.jobId, this.boundCaches())];
  }

  private pushPermissions(): PermissionRequirement[] {
    return this.registry.usesGitHubToken ? [pushToGhcr(this.jobId, this.imageName)] : [];
  }

  private attestPermissions(): PermissionRequirement[] {
    return this.props.attestProvenance === true ? attestationPermissions(this.jobId, this.imageName) : [];
  }

  /** @internal */
  public _actionsUsed(): ActionKey[] {
    if (this.legs !== undefined) {
      return ['downloadArtifact', 'setupBuildx', 'login', ...(this.props.metadataTags === true ? ['metadata' as const] : []),
        ...(this.props.attestProvenance === true ? ['attestBuildProvenance' as const] : [])];
    }
    return this._actionsUsedByBuild();
  }

  /** The actions of the build on one runner. @internal */
  public _actionsUsedByBuild(): ActionKey[] {
    return [
      'checkout', 'setupBuildx', 'login', 'buildPush',
      ...(this.props.metadataTags === true ? ['metadata' as const] : []),
      ...(this.emulates ? ['setupQemu' as const] : []),
      ...(this.props.attestProvenance === true ? ['attestBuildProvenance' as const] : []),
      ...(this.boundCaches().some((c) => c.directory !== undefined) ? ['cache' as const] : []),
    ];
  }

  /** @internal */
  public _toModel(): JobModel {
    return this.legs === undefined ? this._singleJobModel() : nativeMergeModel(this, this.legs);
  }

  /**
   * The build as one job on one runner (what the fork fallback builds from).
   * `scopeSuffix` is appended to the written cache's scope (a native runner's platform).
   * @internal
   */
  public _singleJobModel(scopeSuffix?: string): JobModel {
    const actions = this.workflow._actions;
    const cache = this.boundCache();
    const readers = this.boundCaches();
    const write = (this.props.cacheWritePolicy ?? CacheWritePolicy.trusted()).condition;
    // A read-only policy writes nothing at all; otherwise each export is gated on the policy.
    const writes = write !== CacheWritePolicy.readOnly().condition;
    // Our own gha lines (`type=gha,...,scope=<s>,...`): a per-platform scope, so native legs never overwrite each other's index.
    const suffixed = (line: string) => (scopeSuffix === undefined ? line : line.replace(/\bscope=([^,]+)/, `scope=$1-${scopeSuffix}`));
    const cacheFrom = [...(cache?.cacheFrom ?? []).map(suffixed), ...readers.slice(cache ? 1 : 0).flatMap((c) => c.cacheFrom)];
    const cacheTo = writes ? (cache?.cacheTo ?? []).map((line) => gated(write, suffixed(line))) : [];
    const meta = this.props.metadataTags === true;
    const tags = [`${this.nameInWorkflow}:${expr('github.sha')}`, ...(meta ? [expr('steps.meta.outputs.tags')] : []), ...(writes ? cache?.cacheTags ?? [] : []).map((tag) => gated(write, tag))];
    const env = Object.assign({}, ...readers.map((c) => c.buildEnv ?? {})) as { [name: string]: string };
    const p = this.props;
    const secretIds = Object.keys(p.buildSecrets ?? {});
    for (const id of secretIds) {
      env[secretEnv(id)] = expr(`secrets.${p.buildSecrets![id]}`);
    }
    const lines = (map: { [key: string]: string } | undefined) => (map && Object.keys(map).length > 0 ? Object.entries(map).map(([k, v]) => `${k}=${v}`).join('\n') : undefined);
    const flag = (value: boolean | undefined) => (value === undefined ? undefined : String(value));
    const build: StepModel = {
      name: 'Build and push image',
      id: 'build',
      ...actions.ref('buildPush'),
      with: omitUndefined({
        'context': this.props.context ?? '.',
        'file': this.props.file,
        'platforms': this.hasPlatforms ? p.platforms!.join(',') : undefined,
        'push': expr(CAN_PUSH),
        'tags': tags.join('\n'),
        'target': p.target,
        'build-args': lines(p.buildArgs),
        'build-contexts': lines(p.buildContexts),
        'labels': meta ? [expr('steps.meta.outputs.labels'), lines(p.labels)].filter((l) => l !== undefined).join('\n') : lines(p.labels),
        'secret-envs': secretIds.length > 0 ? secretIds.map((id) => `${id}=${secretEnv(id)}`).join('\n') : undefined,
        'provenance': flag(p.provenance),
        'sbom': flag(p.sbom),
        'no-cache': flag(p.noCache),
        'pull': flag(p.pull),
        'cache-from': cacheFrom.length > 0 ? cacheFrom.join('\n') : undefined,
        'cache-to': cacheTo.length > 0 ? cacheTo.join('\n') : undefined,
      }),
      env: Object.keys(env).length > 0 ? env : undefined,
    };
    const restores = cacheRestoreSteps(actions, readers);
    const saves = writes && cache?.directory !== undefined ? cacheSaveSteps(actions, cache.directory, write) : [];
    return {
      ...this._commonModel(),
      // Empty unless the image was pushed: consumers test for '' so they never run on the bare host.
      outputs: {
        [DockerBuildJob.IMAGE_OUTPUT]: expr(`(${CAN_PUSH}) && steps.build.outputs.digest != '' && format('{0}@{1}', ${this._nameExpression}, steps.build.outputs.digest) || ''`),
      },
      timeoutMinutes: this._timeoutMinutes(60),
      steps: [
        { name: 'Check out repository', ...actions.ref('checkout'), with: { 'persist-credentials': 'false' } },
        ...this._lowercaseSteps(),
        ...(meta ? [metadataStep(actions, this.nameInWorkflow)] : []),
        ...(this.emulates ? [qemuStep(actions)] : []),
        { name: 'Set up Docker Buildx', ...actions.ref('setupBuildx') },
        ...restores,
        this._loginStep(),
        build,
        ...(p.attestProvenance === true ? [attestStep(actions, this.nameInWorkflow, CAN_PUSH)] : []),
        ...saves,
      ],
    };
  }

  /**
   * The one-runner build the fork fallback starts from. With native runners it
   * reads the cache scope of the runner's own platform (linux/amd64), if built.
   * @internal
   */
  public _forkBuildModel(): JobModel {
    const model = this._singleJobModel(this.legs !== undefined && this.props.platforms!.includes(NATIVE_PLATFORM) ? NATIVE_PLATFORM.replace(/\//g, '-') : undefined);
    // The fallback drops `platforms` (one platform, loaded): nothing to emulate.
    return { ...model, steps: model.steps.filter((step) => step.name !== QEMU_STEP) };
  }

  /** The step that lowercases a repository image name (none for a literal name). @internal */
  public _lowercaseSteps(): StepModel[] {
    return lowercaseSteps(this.repositorySuffix);
  }

  /** The registry login, on runs that push. @internal */
  public _loginStep(): StepModel {
    return loginStep(this.workflow._actions, this.registry);
  }

  /** The image name in an expression: a literal, or the lowercasing step's output. @internal */
  public get _nameExpression(): string {
    return this.repositorySuffix === undefined ? literal(this.imageName) : 'steps.image.outputs.name';
  }

  /** The image name as the workflow writes it. @internal */
  public get _nameInWorkflow(): string {
    return this.nameInWorkflow;
  }

  /** name, needs, runs-on, env and permissions of this job. @internal */
  public _mergeCommonModel(): Pick<JobModel, 'name' | 'needs' | 'runsOn' | 'runnerGroup' | 'env' | 'permissions'> {
    return this._commonModel();
  }

  /** The merge job's timeout: the build's, if given, else 10 minutes. @internal */
  public _mergeTimeout(): number {
    return this._timeoutMinutes(10);
  }

  /** @internal */
  public get _props(): DockerBuildJobProps {
    return this.props;
  }

  /** True with a valid, non-empty `platforms` list. */
  private get hasPlatforms(): boolean {
    return Array.isArray(this.props.platforms) && this.props.platforms.length > 0 && validatePlatforms(this.props.platforms).length === 0;
  }

  /** True when some platform must be emulated with QEMU. */
  private get emulates(): boolean {
    const native = this.props.platformStrategy instanceof PlatformStrategy && this.props.platformStrategy._kind === 'native';
    return !native && this.hasPlatforms && needsEmulation(this.props.platforms);
  }

  /** The image name as the workflow writes it: the literal name, or the lowercasing step's output. */
  private get nameInWorkflow(): string {
    return this.repositorySuffix === undefined ? this.imageName : RUNTIME_NAME;
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
