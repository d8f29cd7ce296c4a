import { CAN_PUSH } from '../expressions/expressions';

/**
 * Which runs of a build job write (export) the cache; every run reads it.
 *
 * The build job writes `cache-to` (and the inline cache's extra tag, and the
 * local cache's `actions/cache/save`) only when the policy's condition holds:
 * `cache-to: ${{ (<condition>) && 'type=...' || '' }}`. On other runs the
 * input is empty and `docker/build-push-action` passes no `--cache-to`.
 *
 * Why fork pull requests only read: their code is untrusted, their token is
 * read-only (registry exports fail), and what they would write to the gha
 * cache lands in the PR's merge-ref scope, which no other branch reads, while
 * it spends the repository's 10 GB and the cache API's rate limit, evicting
 * the default branch's cache. `pull_request_target` is not a supported
 * trigger at all (fork code must never build with a write token).
 */
export class CacheWritePolicy {
  /**
   * The default: every run that may push writes the cache: `push`,
   * `schedule`, `workflow_dispatch`, `merge_group` and pull requests from
   * branches of the same repository; pull requests from forks only read.
   */
  public static trusted(): CacheWritePolicy {
    return new CacheWritePolicy(CAN_PUSH, 'trusted');
  }

  /**
   * Only runs on the repository's default branch write; pull requests and
   * other branches only read. Keeps the 10 GB for the cache every branch
   * falls back to (a PR's own cache is read by that PR only).
   */
  public static defaultBranchOnly(): CacheWritePolicy {
    return new CacheWritePolicy(`(${CAN_PUSH}) && github.ref == format('refs/heads/{0}', github.event.repository.default_branch)`, 'defaultBranchOnly');
  }

  /** No run writes: the cache is only read (e.g. filled by another workflow). */
  public static readOnly(): CacheWritePolicy {
    return new CacheWritePolicy('false', 'readOnly');
  }

  /**
   * Runs where `expression` (without `${{ }}`) is true AND the run may push
   * (never a fork pull request), e.g. `github.event_name == 'push'`.
   */
  public static when(expression: string): CacheWritePolicy {
    return new CacheWritePolicy(`(${CAN_PUSH}) && (${expression})`, 'when', expression);
  }

  private constructor(
    /** The condition (a GitHub expression without `${{ }}`) under which a run writes the cache. */
    public readonly condition: string,
    private readonly kind: string,
    private readonly expression?: string,
  ) {}

  /** Problems with the policy, each saying how to fix it. */
  public validate(): string[] {
    if (this.kind === 'when' && (typeof this.expression !== 'string' || this.expression.trim() === '' || this.expression.includes('${{') || this.expression.includes('}}') || this.expression.includes('\n'))) {
      return [`cacheWritePolicy: CacheWritePolicy.when() needs a GitHub expression without \${{ }}, for example "github.event_name == 'push'"; got ${JSON.stringify(this.expression) ?? String(this.expression)}.`];
    }
    return [];
  }
}
