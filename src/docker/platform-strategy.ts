/**
 * Where the platforms of a multi-platform build are built: all on one
 * runner with QEMU emulation, or each on a runner of its own architecture.
 */

/** Options of {@link PlatformStrategy.nativeRunners}. */
export interface NativeRunnersOptions {
  /**
   * The runner label each platform is built on, platform to label, e.g.
   * `{ 'linux/arm64': 'my-arm-runner' }`. Platforms left out use the default:
   * `ubuntu-24.04` for `linux/amd64` and `ubuntu-24.04-arm` for `linux/arm64`;
   * any other platform needs an entry.
   * @default - ubuntu-24.04 for linux/amd64, ubuntu-24.04-arm for linux/arm64
   * @see https://docs.github.com/en/actions/reference/runners/github-hosted-runners
   */
  readonly runners?: { [platform: string]: string };
}

/** Default native runners of GitHub-hosted Linux, by platform. */
export const DEFAULT_NATIVE_RUNNERS: { readonly [platform: string]: string } = {
  'linux/amd64': 'ubuntu-24.04',
  'linux/arm64': 'ubuntu-24.04-arm',
};

/**
 * How a {@link DockerBuildJob} with several `platforms` builds them.
 */
export class PlatformStrategy {
  /**
   * Every platform on the build job's runner, the foreign ones emulated with
   * QEMU: one job, simple, slow for compiled code.
   */
  public static emulated(): PlatformStrategy {
    return new PlatformStrategy('emulated', undefined);
  }

  /**
   * Each platform on a runner of its own architecture, in a matrix job
   * `<id>_platforms` that pushes each image by digest; the build job itself
   * then merges the digests into one manifest list with
   * `docker buildx imagetools create` and hands `<image>@<digest>` of that
   * list to its consumers, as a single-runner build does. No emulation.
   * @see https://docs.docker.com/build/ci/github-actions/multi-platform/#distribute-build-across-multiple-runners
   */
  public static nativeRunners(options: NativeRunnersOptions = {}): PlatformStrategy {
    return new PlatformStrategy('native', options ?? {});
  }

  private constructor(
    /** @internal */ public readonly _kind: 'emulated' | 'native',
    /** @internal */ public readonly _options: NativeRunnersOptions | undefined,
  ) {}
}

/** Problems with the strategy for `platforms` (already checked on their own). */
export function validatePlatformStrategy(strategy: unknown, platforms: readonly string[] | undefined): string[] {
  if (strategy === undefined) {
    return [];
  }
  const show = (v: unknown) => JSON.stringify(v) ?? String(v);
  if (!(strategy instanceof PlatformStrategy)) {
    return [`platformStrategy is ${show(strategy)}; use PlatformStrategy.emulated() or PlatformStrategy.nativeRunners({ ... }), or leave it out.`];
  }
  if (strategy._kind !== 'native') {
    return [];
  }
  if (platforms === undefined) {
    return ['platformStrategy is PlatformStrategy.nativeRunners() but platforms is not set; list the platforms to build, for example platforms: [\'linux/amd64\', \'linux/arm64\'].'];
  }
  const runners = strategy._options?.runners as unknown;
  if (runners !== undefined && (runners === null || typeof runners !== 'object' || Array.isArray(runners))) {
    return [`platformStrategy runners is ${show(runners)}; give an object of platform to runner label, for example { 'linux/arm64': 'ubuntu-24.04-arm' }.`];
  }
  const given = (runners ?? {}) as { [platform: string]: unknown };
  const problems: string[] = [];
  for (const [platform, label] of Object.entries(given)) {
    if (!platforms.includes(platform)) {
      problems.push(`platformStrategy runners names '${platform}', which is not in platforms (${platforms.join(', ')}); remove it or add the platform.`);
    } else if (typeof label !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(label)) {
      problems.push(`platformStrategy runners['${platform}'] is ${show(label)}; give one runner label, for example 'ubuntu-24.04-arm'.`);
    }
  }
  for (const platform of platforms) {
    if (given[platform] === undefined && DEFAULT_NATIVE_RUNNERS[platform] === undefined) {
      problems.push(`platform '${platform}' has no default native runner (only linux/amd64 and linux/arm64 do); ` +
        `give one with PlatformStrategy.nativeRunners({ runners: { '${platform}': '<runner label>' } }), or use PlatformStrategy.emulated().`);
    }
  }
  return problems;
}

/** The matrix entries of a native build: platform, runner label, and a slug for names and cache scopes. */
export function nativeLegs(strategy: PlatformStrategy, platforms: readonly string[]): { platform: string; runner: string; slug: string }[] {
  const runners = strategy._options?.runners ?? {};
  return platforms.map((platform) => ({ platform, runner: runners[platform] ?? DEFAULT_NATIVE_RUNNERS[platform], slug: platform.replace(/\//g, '-') }));
}
