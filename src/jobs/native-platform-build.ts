/**
 * PlatformStrategy.nativeRunners(): each platform is built on a runner of
 * its own architecture in a matrix job `<id>_platforms`, pushed by digest;
 * the build job itself merges the digests into one manifest list and hands
 * `<image>@<list digest>` to its consumers, like a single-runner build.
 *
 * The digests travel as empty files named after them, one artifact per leg
 * (`digests-<legs job>-<platform slug>`), downloaded with `pattern` +
 * `merge-multiple`: matrix legs' job outputs overwrite each other, artifacts
 * do not. Source: docs.docker.com, "Distribute build across multiple runners".
 */
import { ATTEST_STEP, attestStep, metadataStep, QEMU_STEP } from './build-steps';
import type { DockerBuildJob } from './docker-build-job';
import { Job } from './job';
import { mergePermissions, PermissionRequirement } from './permission-merge';
import { nativeLegs, PlatformStrategy } from './platform-strategy';
import type { ActionKey } from '../actions/action-table';
import { CAN_PUSH, expr } from '../workflow/expressions';
import type { Workflow } from '../workflow/workflow';
import type { JobModel, StepModel } from '../workflow/workflow-model';

const DIGESTS = '${{ runner.temp }}/digests';

/** The artifact name prefix of `legs`' digests. */
function artifactPrefix(legs: Job): string {
  return `digests-${legs.jobId}-`;
}

/** The matrix job of a native multi-platform build (internal: created by its DockerBuildJob). */
export class PlatformLegsJob extends Job {
  constructor(workflow: Workflow, id: string, private readonly build: DockerBuildJob, private readonly strategy: PlatformStrategy) {
    // No props of its own: name, env, timeout and permissions come from (and are checked on) the build job.
    super(workflow, id, {});
  }

  /** @internal */
  public _permissionRequirements(): PermissionRequirement[] {
    return this.build._buildPermissions();
  }

  /** @internal */
  public _actionsUsed(): ActionKey[] {
    return this.build._actionsUsedByBuild().filter((key) => key !== 'setupQemu' && key !== 'attestBuildProvenance').concat('uploadArtifact');
  }

  /** @internal */
  public _toModel(): JobModel {
    const actions = this.workflow._actions;
    const single = this.build._singleJobModel(expr('matrix.slug'));
    const steps: StepModel[] = [];
    for (const step of single.steps) {
      if (step.id === 'build') {
        const { push: _push, tags: _tags, ...inputs } = step.with ?? {};
        steps.push({
          ...step,
          name: `Build and push ${expr('matrix.platform')} by digest`,
          with: {
            ...inputs,
            platforms: expr('matrix.platform'),
            // No tag: the merge job tags the manifest list; each platform image is reachable by its digest.
            outputs: `type=image,name=${this.build._nameInWorkflow},push-by-digest=true,name-canonical=true,push=${expr(CAN_PUSH)}`,
          },
        });
        steps.push({
          name: 'Export the digest',
          if: CAN_PUSH,
          env: { DIGEST: expr('steps.build.outputs.digest') },
          run: 'mkdir -p "$RUNNER_TEMP/digests"\ntouch "$RUNNER_TEMP/digests/${DIGEST#sha256:}"',
        });
        steps.push({
          name: 'Upload the digest',
          if: CAN_PUSH,
          ...actions.ref('uploadArtifact'),
          with: { 'name': `${artifactPrefix(this)}${expr('matrix.slug')}`, 'path': `${DIGESTS}/*`, 'if-no-files-found': 'error', 'retention-days': '1' },
        });
      } else if (step.name !== ATTEST_STEP && step.name !== QEMU_STEP) {
        steps.push(step);
      }
    }
    return {
      name: `${this.build._props.name ?? this.build.jobId} (${expr('matrix.platform')})`,
      needs: this.build.needs.filter((job) => job !== this).map((job) => job.jobId),
      runsOn: [expr('matrix.runner')],
      // The legs pick their runner from the build's group too, by the leg's label.
      runnerGroup: this.build._props.runnerGroup,
      permissions: mergePermissions(this._permissionRequirements(), this.build._props.permissions),
      strategy: { matrix: { include: nativeLegs(this.strategy, this.build._props.platforms ?? []) } },
      env: single.env,
      timeoutMinutes: single.timeoutMinutes,
      steps,
    };
  }
}

/** The build job itself with native legs: merge the legs' digests into one manifest list. */
export function nativeMergeModel(build: DockerBuildJob, legs: PlatformLegsJob): JobModel {
  const actions = build.workflow._actions;
  const props = build._props;
  const meta = props.metadataTags === true;
  const script = [
    'tags=(-t "$IMAGE:$GITHUB_SHA")',
    ...(meta ? ['while IFS= read -r tag; do', '  if [ -n "$tag" ]; then tags+=(-t "$tag"); fi', 'done <<< "$META_TAGS"'] : []),
    'sources=()',
    'for digest in *; do sources+=("$IMAGE@sha256:$digest"); done',
    'docker buildx imagetools create "${tags[@]}" "${sources[@]}"',
    'digest="$(docker buildx imagetools inspect "$IMAGE:$GITHUB_SHA" --format \'{{.Manifest.Digest}}\')"',
    'echo "digest=$digest" >> "$GITHUB_OUTPUT"',
  ].join('\n');
  const common = build._mergeCommonModel();
  return {
    ...common,
    // Only runs that pushed have digests to merge; consumers then skip on the empty image output.
    if: CAN_PUSH,
    outputs: {
      image: expr(`(${CAN_PUSH}) && steps.merge.outputs.digest != '' && format('{0}@{1}', ${build._nameExpression}, steps.merge.outputs.digest) || ''`),
    },
    timeoutMinutes: build._mergeTimeout(),
    steps: [
      ...build._lowercaseSteps(),
      ...(meta ? [metadataStep(actions, build._nameInWorkflow)] : []),
      {
        name: 'Download the platform digests',
        ...actions.ref('downloadArtifact'),
        with: { 'path': DIGESTS, 'pattern': `${artifactPrefix(legs)}*`, 'merge-multiple': 'true' },
      },
      { name: 'Set up Docker Buildx', ...actions.ref('setupBuildx') },
      build._loginStep(),
      {
        name: 'Create the manifest list',
        id: 'merge',
        shell: 'bash',
        workingDirectory: DIGESTS,
        // The image name and tags reach the script as environment variables, never spliced into it.
        env: { IMAGE: build._nameInWorkflow, ...(meta ? { META_TAGS: expr('steps.meta.outputs.tags') } : {}) },
        run: script,
      },
      ...(props.attestProvenance === true ? [{ ...attestStep(actions, build._nameInWorkflow, CAN_PUSH), with: { 'subject-name': build._nameInWorkflow, 'subject-digest': expr('steps.merge.outputs.digest'), 'push-to-registry': 'true' } }] : []),
    ],
  };
}
