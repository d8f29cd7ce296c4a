/** What a build job tells its cache when it binds it. */
export interface CacheBindOptions {
  /** The image being built, lowercase, without tag (e.g. `ghcr.io/owner/app`). */
  readonly imageName: string;
  /** A fixed scope derived from the image name, only `[a-z0-9._-]`. */
  readonly defaultScope: string;
}

/** What a cache contributes to `docker/build-push-action`. */
export interface CacheConfig {
  /** Lines of `cache-from` (each a `type=...` source). */
  readonly cacheFrom: string[];
  /**
   * Lines of `cache-to` (each a `type=...` destination).
   * @default - the cache is only read
   */
  readonly cacheTo?: string[];
  /**
   * A short key that identifies where the cache writes (e.g. `gha:owner-app`);
   * two build jobs writing the same key overwrite each other's index.
   * @default - not checked for collisions
   */
  readonly writeKey?: string;
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
