import { PermissionLevel } from '../jobs/permissions';

/** What a build job tells its cache when it binds it. */
export interface CacheBindOptions {
  /** The image being built, lowercase, without tag (e.g. `ghcr.io/owner/app`). */
  readonly imageName: string;
  /** A fixed scope derived from the image name, only `[a-z0-9._-]`. */
  readonly defaultScope: string;
}

/** A token permission a cache needs on the build job, and why. */
export interface CachePermission {
  /** GitHub's scope name, e.g. `actions`. */
  readonly scope: string;
  /** The least level that works. */
  readonly level: PermissionLevel;
  /** Why, e.g. `GhaCache (ghtoken lists cache entries through the REST API)`. */
  readonly reason: string;
}

/**
 * A directory the build job restores with `actions/cache/restore` before
 * the build and saves with `actions/cache/save` after it (the save only on
 * runs that may write the cache).
 */
export interface CacheDirectory {
  /** The directory, an absolute path outside the build context. */
  readonly path: string;
  /** The exact `actions/cache` key saved (unique per run, e.g. ending in `${{ github.sha }}`). */
  readonly key: string;
  /** Key prefixes `actions/cache/restore` falls back to, most specific first. */
  readonly restoreKeys: string[];
  /**
   * Where BuildKit exports the new cache when it is not exported to `path`
   * itself; the build job then moves it over `path` before saving.
   * @default - BuildKit exports to `path` (with `reset=true`)
   */
  readonly exportedTo?: string;
}

/** What a cache contributes to `docker/build-push-action` and the build job. */
export interface CacheConfig {
  /** Lines of `cache-from` (each a `type=...` source). */
  readonly cacheFrom: string[];
  /**
   * Lines of `cache-to` (each a `type=...` destination). The build job writes
   * each line only on runs its write policy allows, so a `cache-to` string
   * may contain `${{ }}` expressions but must not depend on being written.
   * @default - the cache is only read
   */
  readonly cacheTo?: string[];
  /**
   * A short key that identifies where the cache writes (e.g. `gha scope "owner-app"`);
   * two build jobs writing the same key overwrite each other's index.
   * @default - not checked for collisions
   */
  readonly writeKey?: string;
  /**
   * How to give a colliding build its own destination, e.g.
   * `give each image its own scope, e.g. GhaCache.max({ scope: 'app' })`.
   * @default - a hint about gha scopes
   */
  readonly writeKeyFix?: string;
  /**
   * Extra image tags the build pushes on runs that write the cache (the
   * inline cache lives in a stable tag of the image itself).
   * @default - none
   */
  readonly cacheTags?: string[];
  /**
   * The registry host the cache exports to; the build job must be logged in
   * there, so it must be the host the image is pushed to.
   * @default - the cache does not export to a registry
   */
  readonly registryHost?: string;
  /**
   * A directory kept between runs with `actions/cache`.
   * @default - none
   */
  readonly directory?: CacheDirectory;
  /**
   * Environment variables of the build step (e.g. cloud credentials taken
   * from secrets, which Buildx passes to the cache backend).
   * @default - none
   */
  readonly buildEnv?: { [name: string]: string };
  /**
   * Token permissions the cache needs on the build job.
   * @default - none beyond what the build job has
   */
  readonly permissions?: CachePermission[];
  /**
   * True when every branch reads what any branch writes (a registry tag, an
   * S3 prefix, a folder restored by key prefix): what a pull request's branch
   * writes, the default branch would build from next. Such a cache is written
   * from the default branch only, unless the build's `cacheWritePolicy` says
   * otherwise. GitHub scopes the gha cache per branch itself.
   * @default false
   */
  readonly sharedAcrossBranches?: boolean;
}

/**
 * A BuildKit cache backend for a {@link DockerBuildJob}. Implementations
 * render their own `type=...` strings, so users never write them.
 */
export interface IDockerCache {
  /** Renders the cache for one build job. */
  bind(options: CacheBindOptions): CacheConfig;
  /** Problems with the cache's own options, each saying how to fix it. */
  validate(): string[];
}
