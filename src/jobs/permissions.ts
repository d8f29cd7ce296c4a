/**
 * `GITHUB_TOKEN` permissions: what each construct needs, what the user adds,
 * and the union written to the job. Listing any permission sets every
 * unlisted one to `none`, so a job lists exactly what its steps need.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#permissions
 */

/** The access a job's `GITHUB_TOKEN` has to one scope. */
export enum PermissionLevel {
  /** No access (the same as leaving the scope out). */
  NONE = 'none',
  /** Read access. */
  READ = 'read',
  /** Read and write access. */
  WRITE = 'write',
}

/**
 * Token permissions to add to a job, by scope. The job always gets what its
 * own steps need (a build job `contents: read` and `packages: write`, a
 * container job `contents: read` and `packages: read`); set a scope here to
 * grant more, e.g. `{ idToken: PermissionLevel.WRITE }` for OIDC. Lowering a
 * scope the job needs is refused, naming what needs it.
 */
export interface JobPermissions {
  /**
   * Workflows, workflow runs and artifacts (`actions`).
   * @default - what the job's steps need (none)
   */
  readonly actions?: PermissionLevel;
  /**
   * Artifact attestations (`attestations`).
   * @default - what the job's steps need (none)
   */
  readonly attestations?: PermissionLevel;
  /**
   * Check runs and check suites (`checks`).
   * @default - what the job's steps need (none)
   */
  readonly checks?: PermissionLevel;
  /**
   * Repository contents, commits, branches, releases (`contents`).
   * @default - what the job's steps need (read, for the checkout)
   */
  readonly contents?: PermissionLevel;
  /**
   * Deployments (`deployments`).
   * @default - what the job's steps need (none)
   */
  readonly deployments?: PermissionLevel;
  /**
   * Discussions (`discussions`).
   * @default - what the job's steps need (none)
   */
  readonly discussions?: PermissionLevel;
  /**
   * Fetching an OIDC token (`id-token`); only `write` or `none`.
   * @default - what the job's steps need (none)
   */
  readonly idToken?: PermissionLevel;
  /**
   * Issues and their comments (`issues`).
   * @default - what the job's steps need (none)
   */
  readonly issues?: PermissionLevel;
  /**
   * GitHub Models inference (`models`); only `read` or `none`.
   * @default - what the job's steps need (none)
   */
  readonly models?: PermissionLevel;
  /**
   * GitHub Packages, including GHCR images (`packages`).
   * @default - what the job's steps need (write for a build job, read for a container job)
   */
  readonly packages?: PermissionLevel;
  /**
   * GitHub Pages (`pages`).
   * @default - what the job's steps need (none)
   */
  readonly pages?: PermissionLevel;
  /**
   * Pull requests (`pull-requests`).
   * @default - what the job's steps need (none)
   */
  readonly pullRequests?: PermissionLevel;
  /**
   * Code scanning alerts (`security-events`).
   * @default - what the job's steps need (none)
   */
  readonly securityEvents?: PermissionLevel;
  /**
   * Commit statuses (`statuses`).
   * @default - what the job's steps need (none)
   */
  readonly statuses?: PermissionLevel;
}
