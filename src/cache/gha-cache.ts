import { CacheMode } from './cache-mode';
import { checkBoolean, checkDuration, csv, SCOPE_PATTERN, show } from './cache-values';
import { CacheBindOptions, CacheConfig, IDockerCache } from './docker-cache';
import { PermissionLevel } from '../jobs/permissions';

/** Options of the GitHub Actions cache. */
export interface GhaCacheOptions {
  /**
   * The cache scope: each image needs its own, fixed one, or two images
   * overwrite each other's cache index. Only `[a-z0-9._-]`; never a ref or SHA
   * (pull requests could no longer read the default branch's cache).
   * @default - derived from the image name, e.g. `owner-app` for `ghcr.io/owner/app`
   */
  readonly scope?: string;
  /**
   * Keep a failed cache export (eviction, HTTP 429 rate limits, read-only
   * tokens) from failing the build, which BuildKit otherwise treats as fatal.
   * @default true
   */
  readonly ignoreError?: boolean;
  /**
   * How long BuildKit may spend importing or exporting the cache before it
   * gives up (`timeout=`, a Go duration such as `5m`).
   * @default - BuildKit's default, 10m
   */
  readonly timeout?: string;
  /**
   * Let BuildKit check cache entries through GitHub's REST API with the job's
   * token (`repository=` and `ghtoken=` on export) instead of the cache API,
   * which rate-limits big `mode=max` exports ("maximum timeout reached").
   * Adds `actions: read` to the build job, which the token needs to list
   * the repository's caches.
   * @default false
   */
  readonly githubApi?: boolean;
  /**
   * The repository (`owner/name`) whose caches `githubApi` lists.
   * Only with `githubApi`.
   * @default - the workflow's own repository (`github.repository`)
   */
  readonly repository?: string;
}

const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/**
 * The GitHub Actions cache backend (`type=gha`), where BuildKit stores each
 * layer as a cache entry (10 GB per repository, evicted least-recently-used).
 *
 * @see https://docs.docker.com/build/cache/backends/gha/
 */
export class GhaCache implements IDockerCache {
  /** Exports every layer, intermediate stages included (`mode=max`). */
  public static max(options: GhaCacheOptions = {}): GhaCache {
    return new GhaCache(CacheMode.MAX, options);
  }

  /** Exports only the final image's layers (`mode=min`): smaller, fewer cache entries. */
  public static min(options: GhaCacheOptions = {}): GhaCache {
    return new GhaCache(CacheMode.MIN, options);
  }

  private readonly options: GhaCacheOptions;

  private constructor(
    /** What the export keeps. */
    public readonly mode: CacheMode,
    options: GhaCacheOptions,
  ) {
    this.options = options ?? {};
  }

  public bind(bindOptions: CacheBindOptions): CacheConfig {
    const scope = this.options.scope ?? bindOptions.defaultScope;
    const timeout = this.options.timeout;
    const api = this.options.githubApi === true;
    return {
      cacheFrom: [csv('gha', [['scope', scope], ['timeout', timeout]])],
      cacheTo: [csv('gha', [
        ['mode', this.mode],
        ['scope', scope],
        ['timeout', timeout],
        ['ignore-error', (this.options.ignoreError ?? true) ? true : undefined],
        ['repository', api ? (this.options.repository ?? '${{ github.repository }}') : undefined],
        ['ghtoken', api ? '${{ github.token }}' : undefined],
      ])],
      writeKey: `gha scope "${scope}"`,
      permissions: api ? [{ scope: 'actions', level: PermissionLevel.READ, reason: 'GhaCache (githubApi: ghtoken lists the cache entries)' }] : undefined,
    };
  }

  public validate(): string[] {
    const problems: string[] = [];
    const { scope, repository, githubApi } = this.options;
    if (scope !== undefined && (typeof scope !== 'string' || !SCOPE_PATTERN.test(scope))) {
      const text = typeof scope === 'string' ? scope : '';
      const suggestion = text.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'my-image';
      problems.push(`cache scope ${show(scope)} may only contain a-z, 0-9, ".", "_" and "-" (and never a ref or SHA); use a fixed name such as "${suggestion}".`);
    }
    problems.push(...checkBoolean('cache ignoreError', this.options.ignoreError));
    problems.push(...checkBoolean('cache githubApi', githubApi));
    problems.push(...checkDuration('cache timeout', this.options.timeout, '5m'));
    if (repository !== undefined) {
      if (githubApi !== true) {
        problems.push('cache repository is only used with githubApi: true; set githubApi: true or leave repository out.');
      } else if (typeof repository !== 'string' || !REPOSITORY.test(repository)) {
        problems.push(`cache repository is ${show(repository)}; give owner/name, for example "my-org/my-repo", or leave it out for this repository.`);
      }
    }
    return problems;
  }
}
