/**
 * Multi-platform builds (`platforms:` on build-push-action): the check of
 * the platform list, and whether the runner needs QEMU to emulate some of
 * them.
 */

/** `os/arch[/variant]`, lowercase, as BuildKit names platforms (`linux/arm/v7`). */
const PLATFORM = /^[a-z0-9]+\/[a-z0-9_]+(?:\/[a-z0-9]+)?$/;

/** The platform GitHub's hosted Linux runners (ubuntu-latest, ubuntu-24.04) run natively. */
export const NATIVE_PLATFORM = 'linux/amd64';

const EXAMPLE = "for example ['linux/amd64', 'linux/arm64']";

/** Problems with `platforms`: not a list, empty, a malformed entry, a duplicate. */
export function validatePlatforms(platforms: unknown): string[] {
  if (platforms === undefined) {
    return [];
  }
  const show = (v: unknown) => JSON.stringify(v) ?? String(v);
  if (!Array.isArray(platforms)) {
    return [`platforms is ${show(platforms)}; give a list of os/arch[/variant] platforms, ${EXAMPLE}, or leave it out to build for the runner's platform.`];
  }
  if (platforms.length === 0) {
    return [`platforms is empty; list at least one os/arch[/variant] platform, ${EXAMPLE}, or leave it out to build for the runner's platform.`];
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  platforms.forEach((platform: unknown, index) => {
    if (typeof platform !== 'string' || !PLATFORM.test(platform)) {
      problems.push(`platforms[${index}] is ${show(platform)}; write each platform as os/arch[/variant] in lowercase, for example 'linux/amd64', 'linux/arm64' or 'linux/arm/v7'.`);
    } else if (seen.has(platform)) {
      problems.push(`platforms lists '${platform}' more than once; list each platform once.`);
    } else {
      seen.add(platform);
    }
  });
  return problems;
}

/** True when some platform is not the runner's own: the build then needs QEMU (`docker/setup-qemu-action`). */
export function needsEmulation(platforms: readonly string[] | undefined): boolean {
  return Array.isArray(platforms) && platforms.some((platform) => platform !== NATIVE_PLATFORM);
}
