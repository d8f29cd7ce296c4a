/**
 * Promotion: release tags for the exact digest the named jobs tested, after
 * they passed, without a rebuild. `docker buildx imagetools create` with one
 * source and `--prefer-index=false` makes a carbon copy of the source
 * manifest (or index) under the new tags, so each tag resolves to the tested
 * digest; the job then reads every tag back and fails if one does not.
 *
 * @see https://docs.docker.com/reference/cli/docker/buildx/imagetools/create/
 */
import { pushToGhcr } from './build-permissions';
import { lowercaseSteps, loginStep } from './build-steps';
import { ContainerTestJob } from './container-test-job';
import { DockerBuildJob } from './docker-build-job';
import { validateImageName } from './image-name';
import { ReleaseTag } from './release-tag';
import { expr } from '../expressions/expressions';
import { Job } from '../jobs/job';
import { jobConditionModel } from '../jobs/job-conditions';
import type { JobProps } from '../jobs/job-props';
import type { PermissionRequirement } from '../jobs/permission-merge';
import type { Step } from '../jobs/step';
import { addProblemCheck } from '../validation/collect-problems';
import type { Workflow } from '../workflow/workflow';

/** Options of a {@link PromoteImageJob}. */
export interface PromoteImageJobProps extends JobProps {
  /** The build whose pushed digest gets the release tags. */
  readonly image: DockerBuildJob;
  /**
   * The jobs that tested exactly this image (each runs in it, uses it as a
   * service, or reads its image output). The promotion needs them and runs
   * only when every one of them succeeded: a release tag never points at an
   * image one of them did not pass on.
   */
  readonly testedBy: Job[];
  /** The tags to give, e.g. `[ReleaseTag.semver(), ReleaseTag.latestOnDefaultBranch()]`. */
  readonly tags: ReleaseTag[];
  /**
   * The image names that get the tags, on the build's registry, e.g.
   * `['ghcr.io/acme/shop']` to release a CI image `ghcr.io/acme/shop-ci`
   * under its public name. Each gets the same digest (the registry copies
   * the manifest from the build's repository).
   * @default - the build's own image name
   */
  readonly imageNames?: string[];
}


/**
 * The step's script: the tags metadata-action computed for this run (none
 * is a success: nothing to release), one carbon copy of the tested digest,
 * then each tag read back and compared with that digest.
 */
const PROMOTE_SCRIPT = [
  'tags=()',
  'while IFS= read -r tag; do',
  '  if [ -n "$tag" ]; then tags+=("$tag"); fi',
  'done <<< "$TAGS"',
  'if [ "${#tags[@]}" -eq 0 ]; then',
  '  echo "No release tag applies to this run: nothing promoted."',
  '  exit 0',
  'fi',
  'args=()',
  'for tag in "${tags[@]}"; do args+=(-t "$tag"); done',
  'docker buildx imagetools create --prefer-index=false "${args[@]}" "$SOURCE"',
  'for tag in "${tags[@]}"; do',
  '  digest="$(docker buildx imagetools inspect "$tag" --format \'{{.Manifest.Digest}}\')"',
  '  if [ "$digest" != "${SOURCE#*@}" ]; then',
  '    echo "::error title=Promotion::$tag resolves to $digest, not the tested ${SOURCE#*@}"',
  '    exit 1',
  '  fi',
  '  echo "$tag -> ${SOURCE#*@}"',
  'done',
].join('\n');

/**
 * A job that gives release tags to the image a {@link DockerBuildJob}
 * pushed in this run, by digest and without a rebuild, once the jobs that
 * tested that digest passed. Tags are `docker/metadata-action` rules
 * ({@link ReleaseTag}): a semver tag on a pushed `v1.2.3`, `latest` on the
 * default branch, fixed tags with a condition.
 *
 * It runs on every event but pull requests and merge queues unless `if`
 * says otherwise, and is skipped when the build pushed nothing.
 */
export class PromoteImageJob extends Job {
  /**
   * The condition a promotion runs under unless its `if` says otherwise:
   * every event but pull requests and merge queues, whose code is not released.
   */
  public static readonly DEFAULT_CONDITION = "github.event_name != 'pull_request' && github.event_name != 'pull_request_target' && github.event_name != 'merge_group'";

  /** The build whose digest this job tags. */
  public readonly image: DockerBuildJob;
  private readonly promoteProps: PromoteImageJobProps;

  constructor(workflow: Workflow, id: string, props: PromoteImageJobProps) {
    const p = props ?? ({} as PromoteImageJobProps);
    const tested = Array.isArray(p.testedBy) ? p.testedBy.filter((job) => Job.isJob(job)) : [];
    const build = p.image instanceof DockerBuildJob ? p.image : undefined;
    const passed = [
      ...(build ? [`${build.imageExpression} != ''`] : []),
      ...tested.map((job) => `needs.${job.jobId}.result == 'success'`),
    ];
    super(workflow, id, {
      ...p,
      // The tested jobs' results are read explicitly: `success()` alone would pass with none of them run.
      if: jobConditionModel(p.if ?? PromoteImageJob.DEFAULT_CONDITION, passed),
      timeoutMinutes: p.timeoutMinutes ?? 10,
    });
    this.image = p.image;
    this.promoteProps = p;
    this.addNeeds(...(build && build.workflow === workflow ? [build] : []), ...tested.filter((job) => job.workflow === workflow));
    addProblemCheck(this, () => this.validatePromotion());
  }

  /** @internal */
  public _diagram(): { lines: string[]; builds?: boolean } {
    const tags = Array.isArray(this.promoteProps.tags) ? this.promoteProps.tags.filter((t) => t instanceof ReleaseTag).map((t) => t._label) : [];
    return { lines: this.image instanceof DockerBuildJob ? [`tags the tested ${this.image.imageName}@digest: ${tags.join(', ')}`] : [] };
  }

  protected renderSteps(): Step[] {
    const build = this.image;
    const actions = this.workflow._actions;
    return [
      ...lowercaseSteps(build._repositorySuffix),
      {
        name: 'Release tags for this run',
        id: 'tags',
        ...actions.ref('metadata'),
        with: {
          images: (this.promoteProps.imageNames ?? [build._nameInWorkflow]).join('\n'),
          flavor: 'latest=false',
          tags: this.promoteProps.tags.map((tag) => tag._rule).join('\n'),
        },
      },
      { name: 'Set up Docker Buildx', ...actions.ref('setupBuildx') },
      { ...loginStep(actions, build.registry), if: undefined },
      {
        name: 'Tag the tested digest',
        shell: 'bash',
        // The digest and the tags reach the script as environment variables, never spliced into it.
        env: { SOURCE: expr(build.imageExpression), TAGS: expr('steps.tags.outputs.tags') },
        run: PROMOTE_SCRIPT,
      },
    ];
  }

  protected requiredPermissions(): PermissionRequirement[] {
    const build = this.image;
    if (!(build instanceof DockerBuildJob) || !build.registry.usesGitHubToken) {
      return [];
    }
    const need = pushToGhcr(this.jobId, build.imageName);
    return [{ ...need, neededBy: `PromoteImageJob "${this.jobId}" (to tag ${build.imageName} on ghcr.io)` }];
  }

  private validatePromotion(): string[] {
    const p = this.promoteProps;
    const problems: string[] = [];
    const build = p.image;
    if (!(build instanceof DockerBuildJob)) {
      problems.push('image must be a DockerBuildJob of this workflow: the job tags the digest it pushed.');
    } else if (build.workflow !== this.workflow) {
      problems.push(`image is built by job "${build.jobId}" of workflow "${build.workflow.workflowId}"; promote it in that workflow, where its digest is known.`);
    } else if (build.pushCondition === 'false') {
      problems.push(`image is built by job "${build.jobId}" with push: PushPolicy.never(), so no digest is ever in the registry to tag; let the build push (e.g. PushPolicy.defaultBranchAndTags()).`);
    }
    if (!Array.isArray(p.testedBy) || p.testedBy.length === 0) {
      problems.push('testedBy names no job; give the jobs that test this image (e.g. its ContainerTestJobs): the tags are given only after they pass.');
    } else {
      for (const job of p.testedBy) {
        if (!Job.isJob(job)) {
          problems.push(`testedBy holds ${JSON.stringify(job) ?? String(job)}, which is not a job of this workflow.`);
        } else if (job.workflow !== this.workflow) {
          problems.push(`testedBy holds job "${job.jobId}" of workflow "${job.workflow.workflowId}"; only jobs of this workflow run can test this run's digest.`);
        } else if (build instanceof DockerBuildJob && !readsImage(job, build)) {
          problems.push(`testedBy holds job "${job.jobId}", which does not use the image of "${build.jobId}" (as its container, a service or by its image output); ` +
            'name only jobs that test that digest, or the tag would promise a test that did not happen.');
        }
      }
    }
    problems.push(...imageNamesProblems(p.imageNames, build instanceof DockerBuildJob ? build : undefined));
    if (!Array.isArray(p.tags) || p.tags.length === 0) {
      problems.push('tags is empty; give the release tags, e.g. [ReleaseTag.semver(), ReleaseTag.latestOnDefaultBranch()].');
    } else {
      for (const tag of p.tags) {
        if (!(tag instanceof ReleaseTag)) {
          problems.push(`tags holds ${JSON.stringify(tag) ?? String(tag)}; use ReleaseTag.raw(), .semver(), .branch(), .gitTag() or .latestOnDefaultBranch().`);
        } else {
          problems.push(...tag._problems);
          if (tag._readsWorkspace) {
            problems.push(`tags holds ${tag._label}, which hashes checked-out files, but a promotion has no checkout; give that tag in the build's own tags instead.`);
          }
        }
      }
    }
    return problems;
  }
}

/** True when `job` runs in `build`'s image, or its rendered model reads that image output (a service, env, steps). */
function readsImage(job: Job, build: DockerBuildJob): boolean {
  if (job instanceof ContainerTestJob) {
    return job.image === build;
  }
  const read = build.imageExpression.toLowerCase();
  try {
    const text = JSON.stringify(job._toModel()).toLowerCase();
    // Each occurrence, not followed by more of a name (`needs.build.outputs.images` is another output).
    return text.split(read).slice(1).some((after) => !/^[a-z0-9_-]/.test(after));
  } catch {
    return true; // the job's own props are invalid: its own checks report them
  }
}

/** `imageNames`: literal image names on the build's registry, each once. */
function imageNamesProblems(names: unknown, build: DockerBuildJob | undefined): string[] {
  if (names === undefined) {
    return [];
  }
  if (!Array.isArray(names) || names.length === 0) {
    return [`imageNames is ${JSON.stringify(names) ?? String(names)}; give image names such as ['ghcr.io/acme/shop'], or leave it out to tag the build's own name.`];
  }
  const problems: string[] = [];
  for (const [i, name] of names.entries()) {
    // A literal name, on the registry the build pushed to (the job logs in there only).
    const own = validateImageName(name);
    const onRegistry = own.length === 0 && build !== undefined ? build.registry.validate(name) : [];
    if (own.length > 0 || onRegistry.length > 0) {
      problems.push(...[...own, ...onRegistry].map((p) => `imageNames[${i}]: ${p}`));
    } else if (names.indexOf(name) !== i) {
      problems.push(`imageNames lists "${String(name)}" twice.`);
    }
  }
  return problems;
}
