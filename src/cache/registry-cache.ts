import { CacheMode } from './cache-mode';
import { checkBoolean, checkEnum, checkInteger, csv, show } from './cache-values';
import { CacheBindOptions, CacheConfig, IDockerCache } from './docker-cache';
import { splitImageName, validateImageName } from '../docker/image-name';

/** How BuildKit compresses the layers of an exported cache (`compression=`). */
export enum CacheCompression {
  /** gzip (BuildKit's default). */
  GZIP = 'gzip',
  /** eStargz: gzip that can be lazily pulled. */
  ESTARGZ = 'estargz',
  /** zstd: faster to compress and decompress than gzip. */
  ZSTD = 'zstd',
  /** No compression: fastest on a fast network, biggest in the registry. */
  UNCOMPRESSED = 'uncompressed',
}

/** Options of a registry cache. */
export interface RegistryCacheOptions {
  /**
   * The cache image, `name:tag`, in the registry the image is pushed to (the
   * build logs in only there). Never the image's own tag: the cache
   * manifest would replace the image.
   * @default - `<image>:buildcache`
   */
  readonly ref?: string;
  /**
   * Write the cache as an OCI image manifest instead of an image index
   * (`image-manifest=`), which some registries need. Needs OCI media types.
   * @default - BuildKit's default (true since BuildKit v0.21)
   */
  readonly imageManifest?: boolean;
  /**
   * Use OCI media types in the exported manifests (`oci-mediatypes=`).
   * @default - BuildKit's default (true)
   */
  readonly ociMediatypes?: boolean;
  /**
   * Layer compression of the exported cache (`compression=`).
   * @default - BuildKit's default (gzip)
   */
  readonly compression?: CacheCompression;
  /**
   * Compression level (`compression-level=`): 0-9 for gzip and estargz, 0-22 for zstd.
   * @default - the compressor's default
   */
  readonly compressionLevel?: number;
  /**
   * Recompress layers that exist with another compression (`force-compression=true`).
   * @default false
   */
  readonly forceCompression?: boolean;
  /**
   * Keep a failed cache export (a registry outage, a missing `packages: write`)
   * from failing the build, which BuildKit otherwise treats as fatal.
   * @default true
   */
  readonly ignoreError?: boolean;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * A cache stored as its own image in a registry (`type=registry`): no 10 GB
 * limit, `mode=max` without the gha rate limits, shared by every branch and
 * by builds outside GitHub Actions. Exporting to GHCR needs `packages: write`,
 * which the build job has. A missing cache image on import does not fail the
 * build.
 *
 * @see https://docs.docker.com/build/cache/backends/registry/
 */
export class RegistryCache implements IDockerCache {
  /** Exports every layer, intermediate stages included (`mode=max`). */
  public static max(options: RegistryCacheOptions = {}): RegistryCache {
    return new RegistryCache(CacheMode.MAX, options);
  }

  /** Exports only the final image's layers (`mode=min`). */
  public static min(options: RegistryCacheOptions = {}): RegistryCache {
    return new RegistryCache(CacheMode.MIN, options);
  }

  private readonly options: RegistryCacheOptions;

  private constructor(
    /** What the export keeps. */
    public readonly mode: CacheMode,
    options: RegistryCacheOptions,
  ) {
    this.options = options ?? {};
  }

  public bind(bindOptions: CacheBindOptions): CacheConfig {
    const o = this.options;
    const ref = o.ref ?? `${bindOptions.imageName}:buildcache`;
    return {
      cacheFrom: [csv('registry', [['ref', ref]])],
      cacheTo: [csv('registry', [
        ['ref', ref],
        ['mode', this.mode],
        ['image-manifest', o.imageManifest],
        ['oci-mediatypes', o.ociMediatypes],
        ['compression', o.compression],
        ['compression-level', o.compressionLevel],
        ['force-compression', o.forceCompression === true ? true : undefined],
        ['ignore-error', (o.ignoreError ?? true) ? true : undefined],
      ])],
      sharedAcrossBranches: true,
      writeKey: `registry cache ref "${ref}"`,
      writeKeyFix: `give each image its own cache ref, e.g. RegistryCache.max({ ref: '${bindOptions.imageName}:buildcache-<name>' })`,
      registryHost: registryOf(ref),
    };
  }

  public validate(): string[] {
    const o = this.options;
    const problems = validateCacheRef(o.ref);
    problems.push(...checkBoolean('cache imageManifest', o.imageManifest));
    problems.push(...checkBoolean('cache ociMediatypes', o.ociMediatypes));
    problems.push(...checkBoolean('cache forceCompression', o.forceCompression));
    problems.push(...checkBoolean('cache ignoreError', o.ignoreError));
    problems.push(...checkEnum('cache compression', o.compression, CacheCompression as unknown as { [key: string]: string }, 'CacheCompression'));
    if (o.imageManifest === true && o.ociMediatypes === false) {
      problems.push('cache imageManifest: true needs OCI media types; remove ociMediatypes: false or set imageManifest: false.');
    }
    const gzipLike = o.compression === undefined || o.compression === CacheCompression.GZIP || o.compression === CacheCompression.ESTARGZ;
    if (o.compressionLevel !== undefined) {
      if (o.compression === CacheCompression.UNCOMPRESSED) {
        problems.push('cache compressionLevel has no effect with CacheCompression.UNCOMPRESSED; leave it out.');
      } else {
        problems.push(...checkInteger(`cache compressionLevel (${gzipLike ? o.compression ?? 'gzip' : 'zstd'})`, o.compressionLevel, 0, gzipLike ? 9 : 22));
      }
    }
    return problems;
  }
}

/** Problems with a cache image reference `name:tag` (undefined: the default). */
export function validateCacheRef(ref: unknown): string[] {
  if (ref === undefined) {
    return [];
  }
  if (typeof ref !== 'string' || ref.includes(',') || ref.includes('=')) {
    return [`cache ref is ${show(ref)}; give an image name with a tag, for example "ghcr.io/my-org/my-app:buildcache".`];
  }
  const colon = ref.lastIndexOf(':');
  const slash = ref.lastIndexOf('/');
  if (colon <= slash) {
    return [`cache ref ${show(ref)} has no tag; add one, for example "${ref}:buildcache" (never the tag the image is pushed with).`];
  }
  const problems = validateImageName(ref.slice(0, colon)).map((p) => `cache ref: ${p}`);
  if (!TAG.test(ref.slice(colon + 1))) {
    problems.push(`cache ref ${show(ref)} has an invalid tag; a tag is letters, digits, "_", "." and "-", at most 128 characters, for example "buildcache".`);
  }
  return problems;
}

/** The registry host of a cache image reference `name:tag`. */
export function registryOf(ref: string): string {
  const colon = ref.lastIndexOf(':');
  return splitImageName(colon > ref.lastIndexOf('/') ? ref.slice(0, colon) : ref).registry;
}
