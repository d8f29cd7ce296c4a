import { CAN_PUSH } from '../expressions/expressions';

/** The condition of a run on the repository's default branch. */
const ON_DEFAULT_BRANCH = "github.ref == format('refs/heads/{0}', github.event.repository.default_branch)";
/** The condition of a run for a git tag (a tag push, a release, a manual run on a tag). */
const ON_A_TAG = "startsWith(github.ref, 'refs/tags/')";

/**
 * Which runs of a build job push the image to its registry (and so hand it
 * to container jobs, services and promotions by digest). A pull request from
 * a fork never pushes, whatever the policy: its token is read-only.
 *
 * On a run that does not push, the job's `image` output is empty and every
 * job that pulls the image is skipped; jobs that use it on their runner get
 * it from the build's artifact instead when the build has one
 * (`artifact: ImageArtifact.dockerArchive()`).
 */
export class PushPolicy {
  /**
   * The default: every run that may push does: `push`, `schedule`,
   * `workflow_dispatch`, `merge_group`, releases and pull requests from
   * branches of the same repository. The only policy container jobs and
   * services accept, since they pull the image from the registry.
   */
  public static trustedEvents(): PushPolicy {
    return new PushPolicy('trustedEvents', CAN_PUSH);
  }

  /**
   * Only runs on the repository's default branch push; pull requests and
   * other branches build without pushing (their consumers use the
   * artifact), so the registry holds only images of the default branch.
   */
  public static defaultBranch(): PushPolicy {
    return new PushPolicy('defaultBranch', `(${CAN_PUSH}) && ${ON_DEFAULT_BRANCH}`);
  }

  /** Only runs for a git tag (a release) push. */
  public static tags(): PushPolicy {
    return new PushPolicy('tags', `(${CAN_PUSH}) && ${ON_A_TAG}`);
  }

  /** Runs on the default branch and runs for a git tag push. */
  public static defaultBranchAndTags(): PushPolicy {
    return new PushPolicy('defaultBranchAndTags', `(${CAN_PUSH}) && (${ON_DEFAULT_BRANCH} || ${ON_A_TAG})`);
  }

  /**
   * No run pushes: the image only travels as the build's artifact (give the
   * build `artifact: ImageArtifact.dockerArchive()`), no registry login, no
   * `packages: write`.
   */
  public static never(): PushPolicy {
    return new PushPolicy('never', 'false');
  }

  private constructor(
    /** @internal */ public readonly _kind: 'trustedEvents' | 'defaultBranch' | 'tags' | 'defaultBranchAndTags' | 'never',
    /** The condition (a GitHub expression without `${{ }}`) under which a run pushes. */
    public readonly condition: string,
  ) {}
}

/** The policy in effect: the one given, else {@link PushPolicy.trustedEvents}. */
export function effectivePushPolicy(given: unknown): PushPolicy {
  return given instanceof PushPolicy ? given : PushPolicy.trustedEvents();
}

/** Problems with a `push` prop. */
export function pushPolicyProblems(given: unknown): string[] {
  if (given === undefined || given instanceof PushPolicy) {
    return [];
  }
  return [`push is ${JSON.stringify(given) ?? String(given)}; use PushPolicy.trustedEvents(), .defaultBranch(), .tags(), .defaultBranchAndTags() or .never(), or leave it out.`];
}
