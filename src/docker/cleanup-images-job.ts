/**
 * Housekeeping: every push and pull request adds one image version to
 * GHCR (`<name>:<commit sha>`). This job deletes the per-commit versions a
 * policy drops (past the newest `keepLatest`, older than `olderThanDays`)
 * through GitHub's REST API for package versions, and never a version with
 * any other tag (a release, `latest`, a branch, `inputs-*`, a cache tag).
 *
 * @see https://docs.github.com/en/rest/packages/packages
 * @see https://docs.github.com/en/packages/learn-github-packages/deleting-and-restoring-a-package
 */
import { loginStep } from './build-steps';
import { CLEANUP_SCRIPT } from './cleanup-script';
import { DockerBuildJob } from './docker-build-job';
import { splitImageName, validateImageName } from './image-name';
import { expr } from '../expressions/expressions';
import { Concurrency } from '../jobs/concurrency';
import { Job } from '../jobs/job';
import { jobConditionModel } from '../jobs/job-conditions';
import type { JobProps } from '../jobs/job-props';
import type { PermissionRequirement } from '../jobs/permission-merge';
import { PermissionLevel } from '../jobs/permissions';
import type { Step } from '../jobs/step';
import { Registry } from '../registry/registry';
import { addProblemCheck } from '../validation/collect-problems';
import type { Workflow } from '../workflow/workflow';

/** Options of a {@link CleanupImagesJob}. */
export interface CleanupImagesJobProps extends JobProps {
  /**
   * Builds whose per-commit images to clean, from any workflow of the
   * project (typically the CI workflow's build, cleaned from a scheduled
   * workflow of its own). Their image must be on GHCR.
   * @default - none (give `builds`, `imageNames` or both)
   */
  readonly builds?: DockerBuildJob[];
  /**
   * Images on GHCR to clean, by name (`ghcr.io/<owner>/<name>`), e.g. one
   * this project does not build itself.
   * @default - none (give `builds`, `imageNames` or both)
   */
  readonly imageNames?: string[];
  /**
   * Keep the newest N per-commit versions of each image (by creation
   * time); only older ones may be deleted. With `olderThanDays` too, a
   * version is deleted only when both allow it.
   * @default - no count limit (give `keepLatest`, `olderThanDays` or both)
   */
  readonly keepLatest?: number;
  /**
   * Delete per-commit versions created more than this many days ago. With
   * `keepLatest` too, the newest `keepLatest` stay however old they are.
   * @default - no age limit (give `keepLatest`, `olderThanDays` or both)
   */
  readonly olderThanDays?: number;
  /**
   * The tags that make a version per-commit, as regular expressions each
   * matched against the whole tag (`[0-9a-f]{40}`). A version is a
   * candidate only when EVERY one of its tags matches; one other tag
   * (`latest`, `1.2.3`, `main`, `inputs-...`, a cache tag, anything
   * unknown) keeps it. A pattern that matches a release-like tag is refused.
   * @default - `[0-9a-f]{40}` (the commit SHA every build pushes), plus `sha-[0-9a-f]{7}` and `pr-[0-9]+` for builds with `metadataTags`
   */
  readonly perCommitTags?: string[];
  /**
   * List what would be deleted, delete nothing: the first runs of a new
   * policy should be dry.
   * @default false
   */
  readonly dryRun?: boolean;
}

/** The guard every clean-up carries, whatever its `if`: never on pull requests or merge queues. */
const NOT_A_PULL_REQUEST = "github.event_name != 'pull_request' && github.event_name != 'pull_request_target' && github.event_name != 'merge_group'";

/** The events on which the job can never run. */
const PULL_REQUEST_EVENTS = ['pull_request', 'pull_request_target', 'merge_group'];

/** The commit SHA every build pushes as a tag. */
const SHA_TAG = '[0-9a-f]{40}';
/** metadata-action's `type=sha` and `type=ref,event=pr` tags. */
const METADATA_TAGS = ['sha-[0-9a-f]{7}', 'pr-[0-9]+'];

/** Tags no per-commit pattern may match: what releases, branches, reuse and caches push. */
const PROTECTED_SAMPLES = ['latest', '1.2.3', 'v1.2.3', '1.2', 'main', 'master', 'stable', 'buildcache', `inputs-${'0'.repeat(12)}-${'0'.repeat(64)}`, `sha256-${'0'.repeat(64)}`];

const MAX_KEEP = 10_000;
const MAX_DAYS = 3_650;

/**
 * A job that deletes the per-commit versions of GHCR images CI pushes
 * (`<name>:<commit sha>`), by count (`keepLatest`) and/or age
 * (`olderThanDays`), with the workflow's `GITHUB_TOKEN` and `gh api`. A
 * version with any tag that is not per-commit is never deleted.
 * Multi-platform images and attestations are indexes whose child
 * manifests are untagged versions: a child is deleted only with the index
 * that lists it, and never while a kept version's index lists it; other
 * untagged versions are left alone.
 *
 * It runs on schedules, manual runs and pushes to the default branch
 * unless `if` says otherwise, and never on pull requests or merge queues.
 */
export class CleanupImagesJob extends Job {
  /**
   * The condition the job runs under unless its `if` says otherwise:
   * scheduled and manual runs, and pushes to the default branch. Pull
   * requests and merge queues are excluded whatever `if` says.
   */
  public static readonly DEFAULT_CONDITION = "github.event_name == 'schedule' || github.event_name == 'workflow_dispatch' || "
    + "(github.event_name == 'push' && github.ref == format('refs/heads/{0}', github.event.repository.default_branch))";

  private readonly cleanupProps: CleanupImagesJobProps;

  constructor(workflow: Workflow, id: string, props: CleanupImagesJobProps) {
    const p = props ?? ({} as CleanupImagesJobProps);
    super(workflow, id, {
      ...p,
      if: jobConditionModel(p.if ?? CleanupImagesJob.DEFAULT_CONDITION, [NOT_A_PULL_REQUEST]),
      timeoutMinutes: p.timeoutMinutes ?? 15,
      // One clean-up at a time in the repository: two would delete the same versions, and the second fails.
      concurrency: p.concurrency ?? Concurrency.group('ghcr-cleanup'),
    });
    this.cleanupProps = p;
    addProblemCheck(this, () => this.validateCleanup());
  }

  /** @internal */
  public _diagram(): { lines: string[]; builds?: boolean } {
    const policy = [
      ...(this.cleanupProps.keepLatest !== undefined ? [`keeps the newest ${this.cleanupProps.keepLatest}`] : []),
      ...(this.cleanupProps.olderThanDays !== undefined ? [`deletes those older than ${this.cleanupProps.olderThanDays} days`] : []),
    ];
    return { lines: this.targets().map((t) => `cleans per-commit ${t.image}: ${policy.join(', ')}`) };
  }

  protected renderSteps(): Step[] {
    const p = this.cleanupProps;
    return [
      // Reading an index (its child manifests) needs the registry; the job never runs where the token is read-only.
      { ...loginStep(this.workflow._actions, Registry.ghcr()), if: undefined },
      ...this.targets().map((target) => ({
        name: `Clean up ${target.image}`,
        shell: 'bash',
        // Every value reaches the script as an environment variable, never spliced into it.
        env: {
          GH_TOKEN: expr('github.token'),
          IMAGE: target.image,
          PER_COMMIT: `^(${target.patterns.join('|')})$`,
          KEEP_LATEST: p.keepLatest === undefined ? '' : String(p.keepLatest),
          OLDER_THAN_DAYS: p.olderThanDays === undefined ? '' : String(p.olderThanDays),
          DRY_RUN: String(p.dryRun === true),
        },
        run: CLEANUP_SCRIPT,
      })),
    ];
  }

  protected requiredPermissions(): PermissionRequirement[] {
    // Listing, reading and deleting versions: the token needs the package's admin role, which it has for packages its repository's workflows published.
    return [{ scope: 'packages', level: PermissionLevel.WRITE, neededBy: `CleanupImagesJob "${this.jobId}" (to list and delete versions on ghcr.io)` }];
  }

  /** Each image with its per-commit tag patterns; invalid entries are left to the checks. */
  private targets(): { image: string; patterns: string[] }[] {
    const p = this.cleanupProps;
    const custom = Array.isArray(p.perCommitTags) && p.perCommitTags.length > 0 ? p.perCommitTags : undefined;
    const builds = Array.isArray(p.builds) ? p.builds.filter((b): b is DockerBuildJob => b instanceof DockerBuildJob) : [];
    const names = Array.isArray(p.imageNames) ? p.imageNames.filter((n) => typeof n === 'string') : [];
    return [
      ...builds.map((b) => ({ image: b.imageName, patterns: custom ?? [SHA_TAG, ...(b._props.metadataTags === true ? METADATA_TAGS : [])] })),
      ...names.map((image) => ({ image, patterns: custom ?? [SHA_TAG] })),
    ];
  }

  private validateCleanup(): string[] {
    const p = this.cleanupProps;
    const problems: string[] = [];
    const images = p.builds as unknown;
    const names = p.imageNames as unknown;
    if (images !== undefined && !Array.isArray(images)) {
      problems.push(`builds is ${JSON.stringify(images) ?? String(images)}; give a list of DockerBuildJobs, e.g. [build].`);
    }
    if (names !== undefined && !Array.isArray(names)) {
      problems.push(`imageNames is ${JSON.stringify(names) ?? String(names)}; give a list of names, e.g. ['ghcr.io/acme/api'].`);
    }
    const count = (Array.isArray(images) ? images.length : 0) + (Array.isArray(names) ? names.length : 0);
    if (count === 0) {
      problems.push('no image to clean; give builds (DockerBuildJobs, e.g. [build]) or imageNames (e.g. [\'ghcr.io/acme/api\']).');
    }
    const seen: string[] = [];
    for (const build of Array.isArray(images) ? images : []) {
      if (!(build instanceof DockerBuildJob)) {
        problems.push(`builds holds ${JSON.stringify(build) ?? String(build)}, which is not a DockerBuildJob; give builds, or image names in imageNames.`);
      } else if (!build.registry.usesGitHubToken) {
        problems.push(`builds holds job "${build.jobId}", which pushes to ${build.registry.displayName}; only GHCR images can be cleaned (GitHub's packages API).`);
      } else {
        problems.push(...twice(build.imageName, seen));
      }
    }
    for (const [i, name] of (Array.isArray(names) ? names : []).entries()) {
      const own = validateImageName(name);
      if (own.length > 0) {
        problems.push(...own.map((m) => `imageNames[${i}]: ${m}`));
      } else if (splitImageName(name).registry !== 'ghcr.io') {
        problems.push(`imageNames[${i}]: image "${name}" is not on ghcr.io; only GHCR images can be cleaned (GitHub's packages API).`);
      } else {
        problems.push(...twice(name, seen));
      }
    }
    problems.push(...policyProblems(p.keepLatest, p.olderThanDays));
    problems.push(...perCommitProblems(p.perCommitTags));
    const events = this.workflow.events;
    if (events.length > 0 && events.every((e) => PULL_REQUEST_EVENTS.includes(e))) {
      problems.push(`workflow "${this.workflow.workflowId}" runs only on ${events.join(', ')}, where a clean-up never runs; ` +
        'put the job in a workflow with a schedule (triggers: { schedule: [{ cron: \'0 4 * * 1\' }], workflowDispatch: {} }) or pushes to the default branch.');
    }
    const other = (Array.isArray(p.runsOn) ? p.runsOn : []).find((label) => typeof label === 'string' && /windows|macos/i.test(label));
    if (other !== undefined) {
      problems.push(`runsOn "${other}": the clean-up script needs bash 4 (associative arrays), gh and jq, as on Linux runners; leave runsOn out (ubuntu-latest) or give a Linux runner.`);
    }
    if (p.dryRun !== undefined && typeof p.dryRun !== 'boolean') {
      problems.push(`dryRun is ${JSON.stringify(p.dryRun)}; give true or false.`);
    }
    return problems;
  }
}

/** The message when `image` was listed before (and records it). */
function twice(image: string, seen: string[]): string[] {
  if (seen.includes(image)) {
    return [`the image "${image}" is listed twice; list each image once.`];
  }
  seen.push(image);
  return [];
}

/** `keepLatest` and `olderThanDays`: at least one, each a whole number in range. */
function policyProblems(keep: unknown, days: unknown): string[] {
  if (keep === undefined && days === undefined) {
    return ['no policy; give keepLatest (e.g. 20: the newest 20 per-commit versions stay), olderThanDays (e.g. 30), or both (a version goes when both allow it).'];
  }
  const problems: string[] = [];
  if (keep !== undefined && !(Number.isInteger(keep) && (keep as number) >= 1 && (keep as number) <= MAX_KEEP)) {
    problems.push(`keepLatest is ${JSON.stringify(keep) ?? String(keep)}; give a whole number from 1 to ${MAX_KEEP} (the newest image may be in use by a run that is still going).`);
  }
  if (days !== undefined && !(Number.isInteger(days) && (days as number) >= 1 && (days as number) <= MAX_DAYS)) {
    problems.push(`olderThanDays is ${JSON.stringify(days) ?? String(days)}; give a whole number of days from 1 to ${MAX_DAYS}.`);
  }
  return problems;
}

/** Each pattern a regular expression that matches no release, branch, reuse or cache tag. */
function perCommitProblems(patterns: unknown): string[] {
  if (patterns === undefined) {
    return [];
  }
  if (!Array.isArray(patterns) || patterns.length === 0) {
    return [`perCommitTags is ${JSON.stringify(patterns) ?? String(patterns)}; give tag patterns such as ['[0-9a-f]{40}', 'pr-[0-9]+'], or leave it out for the defaults.`];
  }
  const problems: string[] = [];
  for (const pattern of patterns) {
    let re: RegExp | undefined;
    try {
      re = typeof pattern === 'string' && pattern.trim() !== '' && !/[\n\r]/.test(pattern) ? new RegExp(`^(${pattern})$`) : undefined;
    } catch {
      re = undefined;
    }
    const shown = JSON.stringify(pattern) ?? String(pattern);
    if (re === undefined) {
      problems.push(`perCommitTags holds ${shown}, which is not a regular expression on one line; give one such as 'pr-[0-9]+'.`);
      continue;
    }
    const hit = PROTECTED_SAMPLES.find((tag) => re!.test(tag));
    if (hit !== undefined) {
      problems.push(`perCommitTags pattern ${shown} matches the tag "${hit}", which a release, a branch, a reused build, a cache or an attestation uses; make it match per-commit tags only.`);
    }
  }
  return problems;
}
