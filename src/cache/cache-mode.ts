/**
 * What a cache export keeps (`mode=min` or `mode=max`), for every backend
 * that exports (gha, registry, local, s3).
 *
 * @see https://docs.docker.com/build/cache/backends/#cache-mode
 */
export enum CacheMode {
  /** Only the layers of the final image (BuildKit's default). */
  MIN = 'min',
  /** Every layer, intermediate stages included: best for multi-stage builds. */
  MAX = 'max',
}
