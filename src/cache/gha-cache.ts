import { CacheBindOptions, CacheConfig, IDockerCache } from './docker-cache';

/** What `mode=max` or `mode=min` keeps. */
export enum CacheMode {
  /** Only the layers of the final image (BuildKit's default). */
  MIN = 'min',
  /** Every layer, intermediate stages included: best for multi-stage builds. */
  MAX = 'max',
}

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
}

/** `[a-z0-9._-]`: a space or uppercase letter in a scope has broken caching. */
const SCOPE_PATTERN = /^[a-z0-9._-]+$/;

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

  private constructor(public readonly mode: CacheMode, private readonly options: GhaCacheOptions) {}

  public bind(bindOptions: CacheBindOptions): CacheConfig {
    const scope = this.options.scope ?? bindOptions.defaultScope;
    const to = ['type=gha', `mode=${this.mode}`, `scope=${scope}`];
    if (this.options.ignoreError ?? true) {
      to.push('ignore-error=true');
    }
    return {
      cacheFrom: [`type=gha,scope=${scope}`],
      cacheTo: [to.join(',')],
      writeKey: `gha scope "${scope}"`,
    };
  }

  public validate(): string[] {
    const scope = this.options.scope;
    if (scope !== undefined && !SCOPE_PATTERN.test(scope)) {
      const suggestion = scope.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'my-image';
      return [`cache scope ${JSON.stringify(scope)} may only contain a-z, 0-9, ".", "_" and "-" (and never a ref or SHA); use a fixed name such as "${suggestion}".`];
    }
    return [];
  }
}
