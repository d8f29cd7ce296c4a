import { Job, JobProps } from './job';
import { PermissionRequirement } from './permission-merge';
import { PermissionLevel } from './permissions';
import { textProblems } from './step-validation';
import type { ActionKey } from '../actions/action-table';
import { gated } from '../cache/cache-values';
import { CacheWritePolicy } from '../cache/cache-write-policy';
import { CacheConfig, IDockerCache } from '../cache/docker-cache';
import { cacheScopeFor, validateImageName } from '../docker/image-name';
import { Registry } from '../registry/registry';
import { addProblemCheck } from '../validation/collect-problems';
import { CAN_PUSH, expr, literal } from '../workflow/expressions';
import type { Workflow } from '../workflow/workflow';
import type { JobModel, StepModel } from '../workflow/workflow-model';

/** Options of a {@link DockerBuildJob}. */
export interface DockerBuildJobProps extends JobProps {
  /**
   * The image to build and push, lowercase, without tag or digest
   * (e.g. `ghcr.io/my-org/my-app`). It must be on `registry`: by default
   * images go to GHCR with the workflow's `GITHUB_TOKEN`, so the name starts
   * with `ghcr.io/<owner>/`.
   *
   * `ghcr.io/${{ github.repository }}` (optionally followed by `/<name>`, see
   * {@link DockerBuildJob.REPOSITORY_IMAGE}) names the image after the
   * repository: GitHub keeps the owner's and repository's case, so the build
   * job lowercases it at run time in a shell step before the build.
   */
  readonly image: string;
  /**
   * Where the image is pushed and how the build logs in (only on runs that
   * push). Container jobs that run the image pull it with the same credentials.
   * @default Registry.ghcr()
   */
  readonly registry?: Registry;
  /**
   * The build context. Without one, BuildKit would build from the Git
   * context and ignore files changed by earlier steps.
   * @default '.'
   */
  readonly context?: string;
  /**
   * The Dockerfile, relative to the repository root.
   * @default - `Dockerfile` inside the context
   */
  readonly file?: string;
  /**
   * The layer cache (e.g. `GhaCache.max()`).
   * @default - no cache: every run builds from scratch
   */
  readonly cache?: IDockerCache;
  /**
   * More caches to READ from, after `cache` (e.g. the default branch's
   * registry cache next to a per-image gha cache). They are never written.
   * @default - only `cache` is read
   */
  readonly cacheFrom?: IDockerCache[];
  /**
   * Which runs write (export) `cache`; every run reads it. Fork pull
   * requests never write (see {@link CacheWritePolicy}).
   * @default CacheWritePolicy.trusted()
   */
  readonly cacheWritePolicy?: CacheWritePolicy;
  /**
   * The Dockerfile stage to build (`target`).
   * @default - the last stage
   */
  readonly target?: string;
  /**
   * Build-time variables (`build-args`), `NAME` to value. Build args end up in
   * the image's history: never pass a secret here, use `buildSecrets`.
   * @default - none
   */
  readonly buildArgs?: { [name: string]: string };
  /**
   * Build secrets, `RUN --mount=type=secret,id=<id>` in the Dockerfile, each
   * mapped to the NAME of a repository secret. The value reaches Buildx as an
   * environment variable of the build step (`secret-envs`), never in the
   * image, its history or the build logs.
   * @default - none
   */
  readonly buildSecrets?: { [id: string]: string };
  /**
   * Image labels (`labels`), key to value.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Attach a provenance attestation (`provenance`). With attestations even a
   * single-platform image is pushed as an index (pulling it still works).
   * @default - build-push-action's default (mode=max on public repositories, min on private ones)
   */
  readonly provenance?: boolean;
  /**
   * Attach an SBOM attestation (`sbom`).
   * @default - no SBOM
   */
  readonly sbom?: boolean;
  /**
   * Build without reading any cache (`no-cache`); the cache is still written.
   * @default false
   */
  readonly noCache?: boolean;
  /**
   * Always pull newer versions of the base images (`pull`).
   * @default false
   */
  readonly pull?: boolean;
  /**
   * Extra named build contexts (`build-contexts`), name to source: a path,
   * a URL or `docker-image://<image>` (used as `FROM <name>` / `COPY --from=<name>`).
   * @default - none
   */
  readonly buildContexts?: { [name: string]: string };
  /**
   * Also tag the image for humans with `docker/metadata-action`: the short
   * SHA (`sha-<7>`), the branch, `pr-<number>`, the version of a `v1.2.3` git
   * tag, and `latest` only on the default branch; its OCI labels are added
   * too. Consumers still run the exact digest.
   * @default false
   */
  readonly metadataTags?: boolean;
}

/** The registry the build pushes to with the workflow's `GITHUB_TOKEN`. */
const GHCR = 'ghcr.io';

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

  constructor(workflow: Workflow, id: string, props: DockerBuildJobProps) {
    super(workflow, id, props);
    this.props = props ?? ({} as DockerBuildJobProps);
    this.imageName = this.props.image;
    const repositoryImage = typeof this.imageName === 'string' ? REPOSITORY_IMAGE.exec(this.imageName) : null;
    this.repositorySuffix = repositoryImage === null ? undefined : repositoryImage[1];
    this.registry = this.props.registry instanceof Registry ? this.props.registry : Registry.ghcr();
    addProblemCheck(this, () => this.validateBuild());
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
    const build = `DockerBuildJob "${this.jobId}"`;
    return [
      { scope: 'contents', level: PermissionLevel.READ, neededBy: `${build} (checkout)` },
      ...(this.registry.usesGitHubToken ? [{ scope: 'packages', level: PermissionLevel.WRITE, neededBy: `${build} (to push ${this.imageName} to ${GHCR})` }] : []),
      ...this.boundCaches().flatMap((c) => c.permissions ?? []).map((p) => ({ scope: p.scope, level: p.level, neededBy: `${build} (${p.reason})` })),
    ];
  }

  /** @internal */
  public _actionsUsed(): ActionKey[] {
    return [
      'checkout', 'setupBuildx', 'login', 'buildPush',
      ...(this.props.metadataTags === true ? ['metadata' as const] : []),
      ...(this.boundCaches().some((c) => c.directory !== undefined) ? ['cache' as const] : []),
    ];
  }

  /** @internal */
  public _toModel(): JobModel {
    const actions = this.workflow._actions;
    const cache = this.boundCache();
    const readers = this.boundCaches();
    const write = (this.props.cacheWritePolicy ?? CacheWritePolicy.trusted()).condition;
    // A read-only policy writes nothing at all; otherwise each export is gated on the policy.
    const writes = write !== CacheWritePolicy.readOnly().condition;
    const cacheFrom = readers.flatMap((c) => c.cacheFrom);
    const cacheTo = writes ? (cache?.cacheTo ?? []).map((line) => gated(write, line)) : [];
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
    const restores: StepModel[] = readers.flatMap((c) => (c.directory === undefined ? [] : [{
      name: `Restore build cache ${c.directory.path}`,
      ...subAction(actions.ref('cache'), 'restore'),
      with: { 'path': c.directory.path, 'key': c.directory.key, 'restore-keys': c.directory.restoreKeys.join('\n') },
    }]));
    const saves: StepModel[] = [];
    const dir = writes ? cache?.directory : undefined;
    if (dir !== undefined) {
      if (dir.exportedTo !== undefined) {
        // The export only happened when the policy allowed it, and ignore-error may have skipped it.
        saves.push({ name: `Replace ${dir.path} with the new cache`, if: write, run: `if [ -d "${dir.exportedTo}" ]; then rm -rf "${dir.path}"; mv "${dir.exportedTo}" "${dir.path}"; fi` });
      }
      saves.push({ name: `Save build cache ${dir.path}`, if: write, ...subAction(actions.ref('cache'), 'save'), with: { path: dir.path, key: dir.key } });
    }
    return {
      ...this._commonModel(),
      // Empty unless the image was pushed: consumers test for '' so they never run on the bare host.
      outputs: {
        [DockerBuildJob.IMAGE_OUTPUT]: expr(`(${CAN_PUSH}) && steps.build.outputs.digest != '' && format('{0}@{1}', ${this.repositorySuffix === undefined ? literal(this.imageName) : 'steps.image.outputs.name'}, steps.build.outputs.digest) || ''`),
      },
      timeoutMinutes: this._timeoutMinutes(60),
      steps: [
        { name: 'Check out repository', ...actions.ref('checkout'), with: { 'persist-credentials': 'false' } },
        ...(this.repositorySuffix === undefined ? [] : [{
          // github.repository keeps the owner's case; registries refuse uppercase, and expressions have no toLower().
          name: 'Lowercase the image name',
          id: 'image',
          shell: 'bash',
          run: `echo "name=ghcr.io/\${GITHUB_REPOSITORY,,}${this.repositorySuffix}" >> "$GITHUB_OUTPUT"`,
        }]),
        ...(meta ? [{
          name: 'Image tags and labels',
          id: 'meta',
          ...actions.ref('metadata'),
          with: {
            images: this.nameInWorkflow,
            // latest only on the default branch (not on every semver tag, metadata-action's latest=auto).
            flavor: 'latest=false',
            tags: ['type=sha', 'type=ref,event=branch', 'type=ref,event=pr', 'type=semver,pattern={{version}}', 'type=raw,value=latest,enable={{is_default_branch}}'].join('\n'),
          },
        }] : []),
        { name: 'Set up Docker Buildx', ...actions.ref('setupBuildx') },
        ...restores,
        {
          name: `Log in to ${this.registry.displayName}`,
          if: CAN_PUSH,
          ...actions.ref('login'),
          with: omitUndefined({ registry: this.registry.loginServer, username: this.registry.username, password: this.registry.password }),
        },
        build,
        ...saves,
      ],
    };
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

  private validateCacheSources(): string[] {
    const problems: string[] = [];
    const sources = this.props.cacheFrom as unknown;
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
    const policy = this.props.cacheWritePolicy as unknown;
    if (policy !== undefined && !(policy instanceof CacheWritePolicy)) {
      problems.push(`cacheWritePolicy is ${JSON.stringify(policy) ?? String(policy)}; pass CacheWritePolicy.trusted(), .defaultBranchOnly(), .readOnly() or .when('<expression>').`);
    } else if (policy instanceof CacheWritePolicy) {
      problems.push(...policy.validate());
    }
    if (problems.length === 0 && this.props.cache !== undefined && isCache(this.props.cache) && this.props.cache.validate().length === 0) {
      const host = this.repositorySuffix === undefined
        ? this.boundCache()?.registryHost
        : this.props.cache.bind({ imageName: `${GHCR}/owner/repository`, defaultScope: 'repo' }).registryHost;
      if (host !== undefined && host !== this.registry.host) {
        problems.push(`cache exports to ${host}, but the build logs in to ${this.registry.displayName} only; keep the cache next to the image, e.g. RegistryCache.max({ ref: '${this.imageName}:buildcache' }).`);
      }
    }
    return problems;
  }

  private validateBuild(): string[] {
    const problems = this.repositorySuffix !== undefined ? [] : validateImageName(this.imageName);
    const registry = this.props.registry as unknown;
    if (registry !== undefined && !(registry instanceof Registry)) {
      problems.push(`registry is ${JSON.stringify(registry) ?? String(registry)}; pass Registry.ghcr(), Registry.dockerHub({ ... }) or Registry.custom({ ... }), or leave it out for GHCR.`);
    } else if (this.repositorySuffix !== undefined) {
      if (!this.registry.usesGitHubToken) {
        problems.push(`image "${this.imageName}" names a GHCR image, but registry is ${this.registry.displayName}; name the image on ${this.registry.displayName} literally, or leave registry out.`);
      }
    } else if (problems.length === 0 && this.registry.usesGitHubToken && !this.imageName.startsWith(`${GHCR}/`)) {
      problems.push(`image "${this.imageName}" is not on GHCR; the build logs in to ghcr.io with the workflow's GITHUB_TOKEN, so name it ghcr.io/<owner>/<name>.`);
    } else {
      problems.push(...this.registry.validate(problems.length === 0 ? this.imageName : undefined));
    }
    for (const [key, value] of [['context', this.props.context], ['file', this.props.file]] as const) {
      if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
        problems.push(`${key} is empty; give a path relative to the repository root or leave it out.`);
      } else {
        problems.push(...textProblems([[key, value]], ''));
      }
    }
    const cache = this.props.cache as unknown;
    if (cache !== undefined && (cache === null || typeof (cache as IDockerCache).bind !== 'function' || typeof (cache as IDockerCache).validate !== 'function')) {
      problems.push(`cache is ${JSON.stringify(cache) ?? String(cache)}; pass a cache backend such as GhaCache.max(), or leave it out to build without a cache.`);
    } else {
      problems.push(...(this.props.cache?.validate() ?? []));
    }
    problems.push(...this.validateCacheSources());
    problems.push(...validateBuildOptions(this.props));
    return problems;
  }
}

/** The lowercased repository image name, output of the `image` step. */
const RUNTIME_NAME = '${{ steps.image.outputs.name }}';

/** `ghcr.io/${{ github.repository }}` and an optional `/<path>` of lowercase components. */
const REPOSITORY_IMAGE = /^ghcr\.io\/\$\{\{ github\.repository \}\}((?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)$/;

/** The step env variable a build secret travels in. */
function secretEnv(id: string): string {
  return `BUILD_SECRET_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const CONTEXT_NAME = /^[a-z0-9][a-z0-9._/-]*$/;

/** Problems with the build options (target, args, secrets, labels, switches, contexts). */
function validateBuildOptions(p: DockerBuildJobProps): string[] {
  const problems: string[] = [];
  const show = (v: unknown) => JSON.stringify(v) ?? String(v);
  if (p.target !== undefined && (typeof p.target !== 'string' || !STAGE.test(p.target))) {
    problems.push(`target is ${show(p.target)}; give the name of a stage of the Dockerfile (FROM ... AS <name>), for example "runtime".`);
  }
  const map = (name: string, value: unknown, keyPattern: RegExp, keyHint: string, check: (key: string, v: unknown) => string | undefined) => {
    if (value === undefined) {
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${name} is ${show(value)}; give an object, for example ${keyHint}.`);
      return;
    }
    for (const [key, v] of Object.entries(value as { [key: string]: unknown })) {
      if (!keyPattern.test(key)) {
        problems.push(`${name} key ${show(key)} is not valid; use keys like ${keyHint}.`);
      } else {
        const problem = check(key, v);
        if (problem !== undefined) {
          problems.push(problem);
        }
      }
    }
  };
  const oneLine = (name: string) => (key: string, v: unknown) =>
    (typeof v !== 'string' || /[\r\n]/.test(v) ? `${name}.${key} is ${show(v)}; give a one-line string.` : undefined);
  map('buildArgs', p.buildArgs, BUILD_ARG, '{ NODE_VERSION: \'22\' }', (key, v) =>
    (typeof v === 'string' && /\bsecrets\.|\bgithub\.token\b/.test(v)
      ? `buildArgs.${key} reads a secret, which would be stored in the image history; pass it as buildSecrets: { ${key.toLowerCase()}: '<SECRET_NAME>' } and mount it with RUN --mount=type=secret,id=${key.toLowerCase()}.`
      : oneLine('buildArgs')(key, v)));
  map('buildSecrets', p.buildSecrets, SECRET_ID, '{ npm_token: \'NPM_TOKEN\' }', (key, v) =>
    (typeof v !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) || v.toUpperCase().startsWith('GITHUB_')
      ? `buildSecrets.${key} is ${show(v)}; give the NAME of a repository or organisation secret (letters, digits and _, not starting with GITHUB_), for example "NPM_TOKEN", never the secret's value.`
      : undefined));
  map('labels', p.labels, /^[A-Za-z0-9][A-Za-z0-9._\/-]*$/, '{ \'org.opencontainers.image.source\': \'https://github.com/acme/app\' }', oneLine('labels'));
  map('buildContexts', p.buildContexts, CONTEXT_NAME, '{ assets: \'./assets\' }', (key, v) =>
    (typeof v !== 'string' || v.trim() === '' || /[\r\n]/.test(v) ? `buildContexts.${key} is ${show(v)}; give a path, a URL or docker-image://<image>.` : undefined));
  for (const [name, value] of [['provenance', p.provenance], ['sbom', p.sbom], ['noCache', p.noCache], ['pull', p.pull], ['metadataTags', p.metadataTags]] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      problems.push(`${name} is ${show(value)}; use true or false, or leave it out.`);
    }
  }
  return problems;
}

function isCache(cache: unknown): cache is IDockerCache {
  return cache !== null && typeof cache === 'object' && typeof (cache as IDockerCache).bind === 'function' && typeof (cache as IDockerCache).validate === 'function';
}

/** `owner/repo@ref` -> `owner/repo/<path>@ref` (e.g. `actions/cache/restore@v6`). */
function subAction(ref: { uses: string; usesComment?: string }, path: string): { uses: string; usesComment?: string } {
  const at = ref.uses.indexOf('@');
  return { ...ref, uses: `${ref.uses.slice(0, at)}/${path}${ref.uses.slice(at)}` };
}

function omitUndefined(map: { [key: string]: string | undefined }): { [key: string]: string } {
  const result: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(map)) {
    if (value !== undefined) {
      result[key] = value;
    }
  }
  return result;
}
