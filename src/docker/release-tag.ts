/**
 * The tags a {@link PromoteImageJob} gives to the tested digest, and the
 * tags of one's own a {@link DockerBuildJob} pushes (`tags`), written as
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
   * @default - on every run of the job (a build: every run that pushes)
   */
  readonly when?: string;
}

/** Options of {@link ReleaseTag.contentHash}. */
export interface ContentHashTagOptions {
  /**
   * What comes before the 64 hex digits of the hash, e.g. `deps-`.
   * @default 'files-'
   */
  readonly prefix?: string;
}

/** A `hashFiles` pattern: no quote, line break or expression (hashFiles reads it literally). */
const PATTERN_PROBLEM = /\$\{\{|'|\n/;

/**
 * One tag rule: of a build ({@link DockerBuildJobProps.tags}) or of a
 * promotion ({@link PromoteImageJobProps.tags}).
 */
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
    return new ReleaseTag(`type=raw,value=${String(value)}${condition}`, `${String(value)}${when === undefined ? '' : ` (when ${String(when)})`}`, problems, String(value));
  }

  /** `latest`, only on runs of the default branch. */
  public static latestOnDefaultBranch(): ReleaseTag {
    return new ReleaseTag('type=raw,value=latest,enable={{is_default_branch}}', 'latest (default branch)', [], 'latest');
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
    return new ReleaseTag(`type=semver,pattern=${String(pattern)}`, `semver ${String(pattern)}`, problems, `<semver ${String(pattern)}>`);
  }

  /** The branch name, on runs of a branch (sanitized by metadata-action: `feature/x` becomes `feature-x`). */
  public static branch(): ReleaseTag {
    return new ReleaseTag('type=ref,event=branch', 'branch name', [], '<branch name>');
  }

  /** The git tag's name as pushed, on runs of a tag. */
  public static gitTag(): ReleaseTag {
    return new ReleaseTag('type=ref,event=tag', 'git tag', [], '<git tag>');
  }

  /**
   * The SHA-256 of the content of these files (GitHub's `hashFiles`
   * patterns, relative to the workspace, `!` to exclude), after `prefix`:
   * `files-<64 hex>`. The same files give the same tag, so e.g. a
   * dependencies image can be found by its lock file. Only where the files
   * are checked out: a build's tags (not a promotion's); nothing when no
   * file matches.
   * @see https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#hashfiles
   */
  public static contentHash(patterns: string[], options: ContentHashTagOptions = {}): ReleaseTag {
    const prefix = options?.prefix ?? 'files-';
    const problems: string[] = [];
    // 64 hex digits follow: a tag is at most 128 characters.
    if (typeof prefix !== 'string' || (prefix !== '' && !/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/.test(prefix))) {
      problems.push(`content hash prefix ${JSON.stringify(prefix) ?? String(prefix)} must be letters, digits, _, . and - (not first), at most 64 characters, e.g. "deps-".`);
    }
    const list = Array.isArray(patterns) ? patterns : [];
    if (list.length === 0) {
      problems.push('ReleaseTag.contentHash() names no files; list the files the tag stands for, e.g. ReleaseTag.contentHash([\'package-lock.json\']).');
    }
    for (const pattern of list) {
      if (typeof pattern !== 'string' || pattern.trim() === '' || PATTERN_PROBLEM.test(pattern)) {
        problems.push(`content hash pattern ${JSON.stringify(pattern) ?? String(pattern)} must be a file pattern without quotes, line breaks or \${{ }} (hashFiles reads it literally).`);
      }
    }
    const hash = `hashFiles(${list.map((pattern) => `'${String(pattern)}'`).join(', ')})`;
    // GitHub evaluates both expressions before metadata-action reads the rule; no match: no tag (not a bare prefix).
    const rule = `type=raw,value=${String(prefix)}\${{ ${hash} }},enable=\${{ ${hash} != '' }}`;
    return new ReleaseTag(rule, `${String(prefix)}<hash of ${list.join(', ')}>`, problems, `${String(prefix)}<hash of ${list.join(', ')}>`, true);
  }

  private constructor(
    /** The metadata-action tag rule. */
    private readonly rule: string,
    private readonly label: string,
    private readonly problems: string[],
    /** The tag as it could be pushed (a placeholder for the part only the run knows), for collision checks. */
    private readonly tagKey: string,
    /** True when the tag reads files of the workspace (hashFiles). */
    private readonly readsWorkspace = false,
  ) {}

  /** The tag this rule may push, `<...>` for what only the run knows (e.g. `latest`, `<branch name>`). @internal */
  public get _tagKey(): string {
    return this.tagKey;
  }

  /** True when the rule reads checked-out files (hashFiles). @internal */
  public get _readsWorkspace(): boolean {
    return this.readsWorkspace;
  }

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
