import { ActionPinning } from './action-pinning';
import { FULL_SHA, overrideReference, overrideUses, USES_PATTERN } from './action-reference';
import { ActionVersions } from './action-versions';
import { ProjenActionLookup, projenOverride, projenOverrideProblem, projenQuery } from './projen-overrides';

export { FULL_SHA };

/** A release of an action, pinned by its commit. */
export interface ActionPin {
  /** The full, lowercase, 40-hex commit SHA the release tag points to (annotated tags dereferenced). */
  readonly sha: string;
  /** The exact release, `vX.Y.Z`; written as the comment after the SHA. */
  readonly version: string;
}

/** One action the library emits. */
export interface ActionRow {
  /** `owner/repo` on GitHub. */
  readonly repository: string;
  /** The major tag used with {@link ActionPinning.MAJOR}, e.g. `v7`. */
  readonly major: string;
  /**
   * The reviewed release used with {@link ActionPinning.SHA}; absent when no
   * SHA could be verified, and then SHA pinning asks the user for an override.
   */
  readonly pin?: ActionPin;
}

/**
 * Every third-party action the library emits, in ONE table.
 *
 * Majors checked against each action's own `action.yml` (all run on node24;
 * the node20 majors stop running once GitHub removes Node 20 from its
 * runners). To move to a new major, change the row here and the golden files.
 *
 * Every pin (checked 2026-12-01) is the commit its release tag points to,
 * resolved with git in a snapshot of the action's OWN repository
 * (`git rev-parse '<tag>^{commit}'`, so annotated tags are dereferenced),
 * with `runs.using` read from `action.yml` at that commit. Each row's
 * comment names the tag, the commit and how recent the snapshot was. Where
 * the snapshot ended before a newer release that other repositories pin
 * (Dependabot and Renovate pull requests), the row keeps the newest release
 * the snapshot confirms: a third party's SHA is not evidence of what the tag
 * points to. See docs/security.md for the table of sources.
 *
 * HOW TO REFRESH THIS TABLE (do this for every row, then run
 * `UPDATE_GOLDEN=1 npx jest test/golden` and review the diff of pinned.yml):
 *
 *   1. Find the latest release of the action's current major:
 *        gh api repos/<owner>/<repo>/releases/latest --jq .tag_name
 *   2. Resolve the tag to its COMMIT (not the tag object: `commits/<tag>`
 *      dereferences annotated tags):
 *        gh api repos/<owner>/<repo>/commits/<tag> --jq .sha
 *      or, without a token: git ls-remote https://github.com/<owner>/<repo> 'refs/tags/<tag>^{}' 'refs/tags/<tag>'
 *      (take the `^{}` line when there is one), or in a clone:
 *        git rev-parse '<tag>^{commit}'
 *   3. Read `runs.using` in action.yml at that SHA (must be node24) and the
 *      release notes for changed inputs/outputs.
 *   4. Write `sha` and `version` below, and the inputs and outputs of
 *      action.yml at that SHA in src/actions/action-facts.ts (its test fails
 *      until the facts name the same commit). Never copy a SHA from a blog
 *      post or another repository without resolving it as in step 2; if you
 *      cannot verify one, leave `pin` out: SHA pinning then refuses with a
 *      message that asks users of that action for an override.
 *
 * test/security/pinning.test.ts checks that every SHA is 40 lowercase hex
 * characters and that each version belongs to its row's major.
 */
export const ACTION_TABLE = {
  checkout: {
    // Pin: tag v7.0.1 (lightweight; also v7) -> 3d3c42e5..., in the actions/checkout snapshot (newest commit
    // 2026-07-22); node24. Agrees with the earlier Dependabot evidence.
    repository: 'actions/checkout',
    major: 'v7',
    pin: { sha: '3d3c42e5aac5ba805825da76410c181273ba90b1', version: 'v7.0.1' },
  },
  setupBuildx: {
    // Pin: tag v4.3.0 (lightweight; also v4) -> 37fe6310..., in the docker/setup-buildx-action snapshot (newest
    // commit 2026-08-18); node24. The snapshot has no v4.4.x tag, so not v4.4.1 (f87e5991..., Dependabot only).
    repository: 'docker/setup-buildx-action',
    major: 'v4',
    pin: { sha: '37fe631027851001ddb9b187196cc803df7f5f0e', version: 'v4.3.0' },
  },
  login: {
    // Pin: tag v4.1.0 (lightweight; also v4) -> 4907a6dd..., in the docker/login-action snapshot (newest commit
    // 2026-04-30); node24. The snapshot has no later v4 tag, so not v4.6.0 (dbcb8138..., Dependabot only).
    repository: 'docker/login-action',
    major: 'v4',
    pin: { sha: '4907a6ddec9925e35a0a9e82d7399ccc52663121', version: 'v4.1.0' },
  },
  buildPush: {
    // Pin: tag v7.3.0 (lightweight; also v7) -> 53b7df96..., in the docker/build-push-action snapshot (newest
    // commit 2026-07-23); node24. v7.4.0 (c3c9e263..., "prevent workflow command injection in metadata logs",
    // 2026-09) is newer than the snapshot; move to it once its tag can be resolved.
    repository: 'docker/build-push-action',
    major: 'v7',
    pin: { sha: '53b7df96c91f9c12dcc8a07bcb9ccacbed38856a', version: 'v7.3.0' },
  },
  metadata: {
    // Pin: tag v6.2.0 (lightweight; also v6) -> dc802804..., in the docker/metadata-action snapshot (newest
    // commit 2026-07-02); node24. Agrees with the earlier Dependabot evidence.
    repository: 'docker/metadata-action',
    major: 'v6',
    pin: { sha: 'dc802804100637a589fabce1cb79ff13a1411302', version: 'v6.2.0' },
  },
  setupQemu: {
    // Pin: tag v4.2.0 (lightweight; also v4) -> 96fe6ef7..., in the docker/setup-qemu-action snapshot (newest
    // commit 2026-07-02); node24. The snapshot has no later v4 tag, so not v4.4.0 (99012661..., Dependabot only).
    repository: 'docker/setup-qemu-action',
    major: 'v4',
    pin: { sha: '96fe6ef7f33517b61c61be40b68a1882f3264fb8', version: 'v4.2.0' },
  },
  uploadArtifact: {
    // Pin: tag v7.0.0 (lightweight; also v7) -> bbbca2dd..., in the actions/upload-artifact snapshot (newest
    // commit 2026-03-01); node24. The snapshot has no v7.0.1 tag, so not 043fb46d... (Dependabot only).
    repository: 'actions/upload-artifact',
    major: 'v7',
    pin: { sha: 'bbbca2ddaa5d8feaa63e36b76fdaad77386f024f', version: 'v7.0.0' },
  },
  downloadArtifact: {
    // The merge job of PlatformStrategy.nativeRunners(); pairs with upload-artifact v7 (v8: ESM, digest-mismatch
    // defaults to error). Pin: tag v8.0.1 (lightweight; also v8) -> 3e5f45b2..., in the actions/download-artifact
    // snapshot (newest commit 2026-05-04); node24. Agrees with the earlier Dependabot evidence.
    repository: 'actions/download-artifact',
    major: 'v8',
    pin: { sha: '3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c', version: 'v8.0.1' },
  },
  attestBuildProvenance: {
    // v4 is a composite wrapper over actions/attest (inputs subject-name, subject-digest, push-to-registry unchanged).
    // Pin: tag v4.1.0 (lightweight; v4 is an annotated tag, dereferenced to the same commit) -> a2bbfa25..., in the
    // actions/attest-build-provenance snapshot (newest commit 2026-03-04). Composite: its step uses
    // actions/attest@59d89421... (= tag v4.1.0 of actions/attest), which runs on node24.
    repository: 'actions/attest-build-provenance',
    major: 'v4',
    pin: { sha: 'a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32', version: 'v4.1.0' },
  },
  cache: {
    // Used as actions/cache/restore and actions/cache/save (LocalCache). Major v5, not v6: the actions/cache
    // snapshot (newest commit 2026-05-20) ends at tag v5.0.5 and has no v6 tag, so no v6 commit can be resolved
    // from the action's own git (v6.1.0, 55cc8345..., is known only from other repositories). v5 runs on node24:
    // `runs.using: node24` in action.yml, restore/action.yml and save/action.yml at the pin; tags v5 and v5.0.5
    // both resolve to 27d5ce7f... (git rev-parse 'v5.0.5^{commit}'). Move to v6 once a v6 tag can be resolved.
    repository: 'actions/cache',
    major: 'v5',
    pin: { sha: '27d5ce7f107fe9357f9df03efb73ab90386fccae', version: 'v5.0.5' },
  },
  configureAwsCredentials: {
    // Registry.ecr(): assumes an IAM role with the job's OIDC token before docker/login-action logs in to ECR with
    // the ambient credentials (login-action v4.1.0 README, "AWS Elastic Container Registry (ECR)"). Pin: tag v6.2.3
    // (lightweight) -> e6de0542..., and v6 (an annotated tag) dereferences to the same commit, in the
    // aws-actions/configure-aws-credentials snapshot (newest commit 2026-08-18); node24.
    repository: 'aws-actions/configure-aws-credentials',
    major: 'v6',
    pin: { sha: 'e6de054238d6b7531b4efff3b6587d9aade6a06c', version: 'v6.2.3' },
  },
  googleAuth: {
    // Registry.googleArtifactRegistry(): exchanges the job's OIDC token for a service account's access token
    // (token_format: access_token), the password docker/login-action logs in to GAR with (login-action v4.1.0
    // README, "Google Artifact Registry (GAR)"). Pin: tag v3.0.0 (lightweight; v3 too) -> 7c6bc770..., in the
    // google-github-actions/auth snapshot (newest commit 2025-09-03); `runs.using: node24` in action.yml (its
    // README still says Node 20).
    repository: 'google-github-actions/auth',
    major: 'v3',
    pin: { sha: '7c6bc770dae815cd3e89ee6cdf493a5fab2cc093', version: 'v3.0.0' },
  },
} as const satisfies { readonly [key: string]: ActionRow };

/** The key of an action in {@link ACTION_TABLE}. */
export type ActionKey = keyof typeof ACTION_TABLE;

/** A table with a row for every {@link ActionKey} (the library's, or one a test substitutes). */
export type ActionTable = { readonly [K in ActionKey]: ActionRow };

/**
 * What a step writes for `uses:`: `owner/repo@ref`, followed by ` # <version>`
 * for a pinned SHA (the renderer writes that part as a YAML comment).
 */
export interface ActionReference {
  readonly uses: string;
}

/**
 * Resolves the `uses:` value of each action: the workflow's own override
 * (`actions`) first, then projen's (`project.github.actions`, see
 * projen-overrides.ts), then the table (its pin with SHA pinning, else its major).
 */
export class ActionResolver {
  /** Every key `ref()` was asked for: what the rendered workflow really uses. */
  private readonly requested = new Set<ActionKey>();

  constructor(
    private readonly overrides: ActionVersions = {},
    private readonly pinning: ActionPinning = ActionPinning.MAJOR,
    private readonly table: ActionTable = ACTION_TABLE,
    /** projen's overrides, read when an action is resolved (so a `set()` after the workflow was created counts). */
    private readonly projen: () => ProjenActionLookup | undefined = () => undefined,
  ) {}

  /** The `uses:` value and its comment for `key`. */
  public ref(key: ActionKey): ActionReference {
    this.requested.add(key);
    const override = this.overrides?.[key];
    if (override !== undefined) {
      return { uses: overrideUses(override) };
    }
    const projen = this.projenOverride(key);
    if (typeof projen === 'string') {
      return { uses: overrideUses(projen) };
    }
    const row = this.table[key];
    if (this.pinning === ActionPinning.SHA && row.pin !== undefined) {
      return { uses: `${row.repository}@${row.pin.sha} # ${row.pin.version}` };
    }
    return { uses: `${row.repository}@${row.major}` };
  }

  /** The `uses:` value for `key`, without its comment. */
  public uses(key: ActionKey): string {
    return this.ref(key).uses.split(' # ')[0];
  }

  /**
   * One message per override that is not a valid `owner/repo@ref`, and, with
   * SHA pinning, per action in `used` that has neither a verified pin nor an
   * override.
   */
  public validate(used: readonly ActionKey[] = []): string[] {
    const problems: string[] = [];
    const overrides = (this.overrides ?? {}) as { [key: string]: unknown };
    for (const key of Object.keys(this.table) as ActionKey[]) {
      const value = overrides[key];
      if (value === undefined) {
        continue;
      }
      const reference = overrideReference(value);
      if (reference === undefined || !USES_PATTERN.test(reference)) {
        const row = this.table[key];
        problems.push(`actions.${key} is ${JSON.stringify(value) ?? String(value)}, which is not a valid action reference. ` +
          `Write it as owner/repo@ref, for example "${row.repository}@${row.major}".`);
      }
    }
    if (!Object.values(ActionPinning).includes(this.pinning)) {
      problems.push(`pinning is ${JSON.stringify(this.pinning) ?? String(this.pinning)}; use ActionPinning.MAJOR or ActionPinning.SHA.`);
    }
    problems.push(...this.unpinned(used));
    return problems;
  }

  /**
   * One message per action that `ref()` has been asked for (i.e. that a
   * rendered job really uses) and that, with SHA pinning, has neither a
   * verified pin nor an override, or whose projen override cannot be
   * written (not `owner/repo@ref`, or a tag under SHA pinning). Checked
   * after rendering, so a job whose declared actions are incomplete cannot
   * slip a major tag through, and an override of projen's for an action
   * no workflow of ours uses is none of our business.
   */
  public unpinnedRequested(): string[] {
    return this.unpinned([...this.requested]);
  }

  /** projen's override of `key` (any value it returns; checked by `unpinned`), or undefined. */
  private projenOverride(key: ActionKey): unknown {
    const row = this.table[key];
    return projenOverride(this.projen(), projenQuery(row.repository, row.major));
  }

  private unpinned(keys: readonly ActionKey[]): string[] {
    const problems: string[] = [];
    for (const key of new Set(keys)) {
      const row = this.table[key];
      if (this.overrides?.[key] !== undefined) {
        continue;
      }
      const projen = this.projenOverride(key);
      if (projen !== undefined) {
        const problem = projenOverrideProblem(projen, projenQuery(row.repository, row.major), key, this.pinning);
        if (problem !== undefined) {
          problems.push(problem);
        }
        continue;
      }
      if (this.pinning === ActionPinning.SHA && row.pin === undefined) {
        problems.push(`pinning is ActionPinning.SHA, but the library has no verified commit SHA for ${row.repository} (actions.${key}); ` +
          `pin it yourself, e.g. actions: { ${key}: '${row.repository}@<40-hex commit SHA> # vX.Y.Z' }, or use ActionPinning.MAJOR.`);
      }
    }
    return problems;
  }
}
