import { checkCsvValue } from './cache-values';
import { CacheBindOptions, CacheConfig, IDockerCache } from './docker-cache';

/** Options of the inline cache. */
export interface InlineCacheOptions {
  /**
   * The stable tag the cache travels in. The build always pushes
   * `<image>:${{ github.sha }}`, a tag the next run cannot know, so on runs
   * that write the cache it also pushes `<image>:<tag>`, and every run
   * imports from there.
   * @default 'buildcache'
   */
  readonly tag?: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * The inline cache (`cache-to: type=inline`): cache metadata embedded in the
 * pushed image itself, read back with `type=registry`. The simplest remote
 * cache, but `mode=min` only (intermediate stages of a multi-stage build are
 * not cached) and the cache tag is a full, runnable image. Prefer
 * {@link RegistryCache} for multi-stage builds.
 *
 * @see https://docs.docker.com/build/cache/backends/inline/
 */
export class InlineCache implements IDockerCache {
  private readonly options: InlineCacheOptions;

  constructor(options: InlineCacheOptions = {}) {
    this.options = options ?? {};
  }

  public bind(bindOptions: CacheBindOptions): CacheConfig {
    const ref = `${bindOptions.imageName}:${this.options.tag ?? 'buildcache'}`;
    return {
      cacheFrom: [`type=registry,ref=${ref}`],
      cacheTo: ['type=inline'],
      cacheTags: [ref],
      sharedAcrossBranches: true,
      writeKey: `registry cache ref "${ref}"`,
      writeKeyFix: 'give each image its own cache tag, e.g. new InlineCache({ tag: \'buildcache-<name>\' })',
    };
  }

  public validate(): string[] {
    const tag = this.options.tag;
    const problems = checkCsvValue('cache tag', tag, 'buildcache');
    if (problems.length === 0 && tag !== undefined && !TAG.test(tag)) {
      problems.push(`cache tag ${JSON.stringify(tag)} is not a valid tag; use letters, digits, "_", "." and "-", at most 128 characters, for example "buildcache".`);
    }
    return problems;
  }
}
