/**
 * The tags a {@link PromoteImageJob} gives to the tested digest, written as
 * `docker/metadata-action` tag rules (its `tags` input), which compute the
 * tag values of this run from the event: a tag rule whose event does not
 * apply (a semver rule on a branch push) yields nothing.
 *
 * @see https://github.com/docker/metadata-action#tags-input
 */
import { bareCondition } from '../jobs/job-conditions';

/** A Docker tag: ASCII letters, digits, `_`, `.` and `-`, not starting with `.` or `-`, at most 128 characters. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Options of {@link ReleaseTag.raw}. */
export interface RawTagOptions {
  /**
   * Give the tag only when this condition (an expression, bare or as one
   * `${{ }}`) is true, e.g. `github.ref == 'refs/heads/main'`.
   * @default - on every run the promotion job runs on
   */
  readonly when?: string;
}

/** One tag rule of a promotion. */
export class ReleaseTag {
  /**
   * A fixed tag, e.g. `stable`, optionally only when a condition holds.
   */
  public static raw(value: string, options: RawTagOptions = {}): ReleaseTag {
    const when = options?.when;
    const problems = TAG.test(String(value)) ? [] : [`tag ${JSON.stringify(value) ?? String(value)} is not a Docker tag; use letters, digits, _, . and - (not first), at most 128 characters.`];
    if (when !== undefined && (typeof when !== 'string' || when.trim() === '')) {
      problems.push(`the condition of tag ${JSON.stringify(value)} is ${JSON.stringify(when) ?? String(when)}; give an expression such as "github.ref == 'refs/heads/main'", or leave it out.`);
    }
    const condition = typeof when === 'string' && when.trim() !== '' ? `,enable=\${{ ${bareCondition(when)} }}` : '';
    return new ReleaseTag(`type=raw,value=${String(value)}${condition}`, `${String(value)}${when === undefined ? '' : ` (when ${String(when)})`}`, problems);
  }

  /** `latest`, only on runs of the default branch. */
  public static latestOnDefaultBranch(): ReleaseTag {
    return new ReleaseTag('type=raw,value=latest,enable={{is_default_branch}}', 'latest (default branch)', []);
  }

  /**
   * The version of a pushed git tag that is a semantic version (`v1.2.3` or
   * `1.2.3`), formatted by `pattern`: `{{version}}` (1.2.3), `{{major}}.{{minor}}`
   * (1.2), `{{major}}` (1; never for 0.x). Nothing on other runs.
   * @param pattern metadata-action's pattern, default `{{version}}`
   */
  public static semver(pattern: string = '{{version}}'): ReleaseTag {
    const problems = typeof pattern === 'string' && /\{\{\s*(version|major|minor|patch|raw)\s*\}\}/.test(pattern) && !pattern.includes('${{')
      ? [] : [`semver pattern ${JSON.stringify(pattern) ?? String(pattern)} must use {{version}}, {{major}}, {{minor}}, {{patch}} or {{raw}}, and no \${{ }} expression.`];
    return new ReleaseTag(`type=semver,pattern=${String(pattern)}`, `semver ${String(pattern)}`, problems);
  }

  /** The branch name, on runs of a branch (sanitized by metadata-action: `feature/x` becomes `feature-x`). */
  public static branch(): ReleaseTag {
    return new ReleaseTag('type=ref,event=branch', 'branch name', []);
  }

  /** The git tag's name as pushed, on runs of a tag. */
  public static gitTag(): ReleaseTag {
    return new ReleaseTag('type=ref,event=tag', 'git tag', []);
  }

  private constructor(
    /** The metadata-action tag rule. */
    private readonly rule: string,
    private readonly label: string,
    private readonly problems: string[],
  ) {}

  /** The metadata-action rule (one line of its `tags` input). @internal */
  public get _rule(): string {
    return this.rule;
  }

  /** What a diagram or message calls this tag. @internal */
  public get _label(): string {
    return this.label;
  }

  /** What is wrong with it. @internal */
  public get _problems(): string[] {
    return [...this.problems];
  }
}
