import { ActionVersions } from './action-versions';

/**
 * Every third-party action the library emits, in ONE table.
 *
 * Majors checked against each action's own `action.yml` (all run on
 * node24; the node20 majors stop running once GitHub removes Node 20 from its
 * runners). To move to a new major, change the row here and the golden files.
 */
export const ACTION_TABLE = {
  checkout: { repository: 'actions/checkout', ref: 'v7' },
  setupBuildx: { repository: 'docker/setup-buildx-action', ref: 'v4' },
  login: { repository: 'docker/login-action', ref: 'v4' },
  buildPush: { repository: 'docker/build-push-action', ref: 'v7' },
  metadata: { repository: 'docker/metadata-action', ref: 'v6' },
  setupQemu: { repository: 'docker/setup-qemu-action', ref: 'v4' },
} as const;

/** The key of an action in {@link ACTION_TABLE}. */
export type ActionKey = keyof typeof ACTION_TABLE;

/** `owner/repo[/path]@ref`, as GitHub accepts it for a public action. */
const USES_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_./-]+)?@[A-Za-z0-9_./-]+$/;

/** Resolves the `uses:` value of each action, user overrides first. */
export class ActionResolver {
  constructor(private readonly overrides: ActionVersions = {}) {}

  /** The `uses:` value for `key`. */
  public uses(key: ActionKey): string {
    const override = this.overrides[key];
    if (override !== undefined) {
      return override;
    }
    const row = ACTION_TABLE[key];
    return `${row.repository}@${row.ref}`;
  }

  /** One message per override that is not a valid `owner/repo@ref`. */
  public validate(): string[] {
    const problems: string[] = [];
    for (const key of Object.keys(ACTION_TABLE) as ActionKey[]) {
      const value = this.overrides[key];
      if (value !== undefined && !USES_PATTERN.test(value)) {
        const row = ACTION_TABLE[key];
        problems.push(`actions.${key} is ${JSON.stringify(value)}, which is not a valid action reference. ` +
          `Write it as owner/repo@ref, for example "${row.repository}@${row.ref}".`);
      }
    }
    return problems;
  }
}
