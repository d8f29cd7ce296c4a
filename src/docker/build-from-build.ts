/**
 * Builds from builds: an image built FROM another image of the same run,
 * through a build context `docker-image://<name>@<digest>` that reads the
 * other build's output (`needs` is inferred from the read). Such an output is
 * empty where the other build pushed nothing (a fork's pull request), and
 * `docker-image://` alone fails the build: the build is skipped then, like a
 * container job, and its fork fallback, which pushes nothing either, cannot
 * build it.
 */

/** `${{ needs.<id>.outputs.<name> }}`, anywhere in a text. */
const OUTPUT_READ = /\$\{\{\s*(needs\.[A-Za-z_][A-Za-z0-9_-]*\.outputs\.[A-Za-z_][A-Za-z0-9_-]*)\s*\}\}/g;

/** The guards `needs.<id>.outputs.<name> != ''` of every job output the build contexts read, each once, in order. */
export function contextOutputGuards(contexts: unknown): string[] {
  if (contexts === null || typeof contexts !== 'object') {
    return [];
  }
  const guards: string[] = [];
  for (const value of Object.values(contexts)) {
    for (const match of typeof value === 'string' ? value.matchAll(OUTPUT_READ) : []) {
      const guard = `${match[1]} != ''`;
      if (!guards.includes(guard)) {
        guards.push(guard);
      }
    }
  }
  return guards;
}
