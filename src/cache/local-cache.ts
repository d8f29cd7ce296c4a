import { CacheMode } from './cache-mode';
import { checkBoolean, checkEnum, csv, SCOPE_PATTERN, show } from './cache-values';
import { CacheBindOptions, CacheConfig, IDockerCache } from './docker-cache';

/** How a local cache directory is kept from growing forever. */
export enum LocalCacheCleanup {
  /**
   * Export with `reset=true`: BuildKit removes blobs no manifest references
   * any more. Needs Buildx >= 0.35.0 (older Buildx silently ignores it and
   * the folder grows); `docker/setup-buildx-action` installs the latest
   * Buildx unless told otherwise.
   */
  RESET = 'reset',
  /**
   * Export to a new folder and move it over the old one after the build
   * (the classic workaround; works with any Buildx).
   */
  MOVE_OVER = 'move-over',
}

/** Options of a local cache. */
export interface LocalCacheOptions {
  /**
   * The cache directory on the runner: an absolute path outside the
   * repository (inside it, the cache would be sent as build context).
   * @default '/tmp/.buildx-cache'
   */
  readonly directory?: string;
  /**
   * The `actions/cache` key prefix; each run saves `<key>-<sha>` and restores
   * the newest entry that starts with `<key>-`. Give each image its own.
   * @default - `buildx-<scope>`, the scope derived from the image name
   */
  readonly key?: string;
  /**
   * How the directory is kept from growing forever.
   * @default LocalCacheCleanup.RESET
   */
  readonly cleanup?: LocalCacheCleanup;
  /**
   * Keep a failed cache export from failing the build.
   * @default true
   */
  readonly ignoreError?: boolean;
}

const DIRECTORY = /^\/[A-Za-z0-9_.\/-]*[A-Za-z0-9_.-]$/;

/**
 * A cache in a directory on the runner (`type=local`), kept between runs
 * with `actions/cache` (restored before the build, saved after it). It counts
 * against the same 10 GB as the gha cache, but as ONE entry per run instead
 * of one per layer, which avoids the cache API's rate limits.
 *
 * @see https://docs.docker.com/build/cache/backends/local/
 */
export class LocalCache implements IDockerCache {
  /** Exports every layer, intermediate stages included (`mode=max`). */
  public static max(options: LocalCacheOptions = {}): LocalCache {
    return new LocalCache(CacheMode.MAX, options);
  }

  /** Exports only the final image's layers (`mode=min`). */
  public static min(options: LocalCacheOptions = {}): LocalCache {
    return new LocalCache(CacheMode.MIN, options);
  }

  private readonly options: LocalCacheOptions;

  private constructor(
    /** What the export keeps. */
    public readonly mode: CacheMode,
    options: LocalCacheOptions,
  ) {
    this.options = options ?? {};
  }

  public bind(bindOptions: CacheBindOptions): CacheConfig {
    const dir = this.options.directory ?? '/tmp/.buildx-cache';
    const key = this.options.key ?? `buildx-${bindOptions.defaultScope}`;
    const moveOver = this.options.cleanup === LocalCacheCleanup.MOVE_OVER;
    const dest = moveOver ? `${dir}-new` : dir;
    return {
      cacheFrom: [csv('local', [['src', dir]])],
      cacheTo: [csv('local', [
        ['dest', dest],
        ['mode', this.mode],
        ['reset', moveOver ? undefined : true],
        ['ignore-error', (this.options.ignoreError ?? true) ? true : undefined],
      ])],
      sharedAcrossBranches: true,
      writeKey: `actions/cache key "${key}-"`,
      writeKeyFix: 'give each image its own key, e.g. LocalCache.max({ key: \'buildx-<name>\' })',
      directory: {
        path: dir,
        key: `${key}-\${{ github.sha }}`,
        restoreKeys: [`${key}-`],
        exportedTo: moveOver ? dest : undefined,
      },
    };
  }

  public validate(): string[] {
    const { directory, key } = this.options;
    const problems: string[] = [];
    if (directory !== undefined && (typeof directory !== 'string' || !DIRECTORY.test(directory) || directory.split('/').includes('..'))) {
      problems.push(`cache directory is ${show(directory)}; give an absolute path outside the repository, of letters, digits, ".", "_", "-" and "/", for example "/tmp/.buildx-cache".`);
    }
    if (key !== undefined && (typeof key !== 'string' || !SCOPE_PATTERN.test(key))) {
      problems.push(`cache key is ${show(key)}; use a fixed name of a-z, 0-9, ".", "_" and "-" (never a ref or SHA: the run's SHA is appended), for example "buildx-app".`);
    }
    problems.push(...checkEnum('cache cleanup', this.options.cleanup, LocalCacheCleanup as unknown as { [key: string]: string }, 'LocalCacheCleanup'));
    problems.push(...checkBoolean('cache ignoreError', this.options.ignoreError));
    return problems;
  }
}
