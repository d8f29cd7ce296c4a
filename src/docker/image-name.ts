/**
 * Docker image names: validation against the distribution reference grammar,
 * and the per-image cache scope derived from a name.
 *
 * @see https://github.com/distribution/reference/blob/main/reference.go
 */

/** One path component: lowercase alphanumerics joined by `.`, `_`, `__` or runs of `-`. */
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
/** A registry host, with an optional port. */
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
/** Docker's limit on the length of a repository name. */
const MAX_NAME_LENGTH = 255;

/** An image name split into registry host and repository path. */
export interface ParsedImageName {
  /** The registry host, e.g. `ghcr.io`; `docker.io` when the name has none. */
  readonly registry: string;
  /** The repository path below the registry, e.g. `owner/app`. */
  readonly path: string;
}

/** Splits `name` into registry and path the way Docker does. */
export function splitImageName(name: string): ParsedImageName {
  const slash = name.indexOf('/');
  const first = slash === -1 ? '' : name.slice(0, slash);
  const isHost = first.includes('.') || first.includes(':') || first === 'localhost';
  return isHost ? { registry: first, path: name.slice(slash + 1) } : { registry: 'docker.io', path: name };
}

/**
 * The answers of {@link validateImageName} by name: it is pure, and a build
 * job asks about its image several times per synthesis (validation, model,
 * cache binding). Cleared when it grows large, so it never holds much.
 */
const IMAGE_NAME_PROBLEMS = new Map<string, readonly string[]>();
const MAX_REMEMBERED_NAMES = 10_000;

/**
 * Problems with `name` as the name of an image to push (no tag, no digest);
 * each message says how to fix it. Empty when the name is valid.
 */
export function validateImageName(name: string): string[] {
  if (typeof name !== 'string') {
    return imageNameProblems(name);
  }
  let problems = IMAGE_NAME_PROBLEMS.get(name);
  if (problems === undefined) {
    problems = imageNameProblems(name);
    if (IMAGE_NAME_PROBLEMS.size >= MAX_REMEMBERED_NAMES) {
      IMAGE_NAME_PROBLEMS.clear();
    }
    IMAGE_NAME_PROBLEMS.set(name, problems);
  }
  // A copy: callers add their own problems to the list.
  return [...problems];
}

function imageNameProblems(name: string): string[] {
  if (typeof name !== 'string' || name.trim() === '') {
    return ['image is empty; give the image name to push, for example "ghcr.io/my-org/my-app".'];
  }
  const shown = JSON.stringify(name);
  if (name.includes('${{')) {
    return [`image ${shown} contains an expression; give a literal name so it can be checked and lowercased at synth time.`];
  }
  if (name.includes('@')) {
    return [`image ${shown} contains a digest; give the name only (the build job hands the pushed digest to its consumers).`];
  }
  const { registry, path } = splitImageName(name);
  const lastColon = path.lastIndexOf(':');
  if (lastColon !== -1) {
    return [`image ${shown} contains a tag (":${path.slice(lastColon + 1)}"); give the name only, without a tag: "${name.slice(0, name.length - (path.length - lastColon))}".`];
  }
  const problems: string[] = [];
  if (name !== name.toLowerCase() && validateImageName(name.toLowerCase()).length === 0) {
    return [`image ${shown} has uppercase letters, which registries refuse; use "${name.toLowerCase()}".`];
  }
  if (!DOMAIN.test(registry)) {
    problems.push(`image ${shown} has an invalid registry host "${registry}".`);
  }
  const components = path.split('/');
  const bad = components.filter((c) => !PATH_COMPONENT.test(c));
  if (bad.length > 0) {
    problems.push(`image ${shown} is not a valid image name: ${bad.map((c) => JSON.stringify(c)).join(', ')} ` +
      'must be lowercase letters and digits, separated by ".", "_", "__" or "-" (not at the start or end).');
  }
  if (name.length > MAX_NAME_LENGTH) {
    problems.push(`image ${shown} is ${name.length} characters long; Docker allows at most ${MAX_NAME_LENGTH}.`);
  }
  if (problems.length === 0 && registry === 'ghcr.io' && components.length < 2) {
    problems.push(`image ${shown} has no owner; GHCR names are ghcr.io/<owner>/<name>, for example "ghcr.io/my-org/${path}".`);
  }
  return problems;
}

/**
 * The fixed cache scope of an image: its repository path with `/` turned into
 * `-` (e.g. `owner/app` -> `owner-app`). Never a ref or a SHA, so pull
 * requests read the default branch's cache; only `[a-z0-9._-]`.
 */
export function cacheScopeFor(name: string): string {
  return splitImageName(name).path.replace(/\//g, '-');
}
