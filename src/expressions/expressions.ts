/** Wraps a GitHub expression in `${{ }}`. */
export function expr(expression: string): string {
  return `\${{ ${expression} }}`;
}

/** A string literal inside a GitHub expression: single quotes, `'` doubled. */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * True when this run may push images and write caches: every event except a
 * pull request from a fork, whose `GITHUB_TOKEN` is read-only and has no
 * secrets.
 */
export const CAN_PUSH = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";

/** True on a pull request from a fork (also a deleted one): the complement of {@link CAN_PUSH} for pull requests. */
export const IS_FORK_PR = "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository";
