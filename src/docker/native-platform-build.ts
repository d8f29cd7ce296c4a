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
import { contextOutputGuards } from './build-from-build';
import { BUILD_STEP_ID } from './build-job-steps';
import { ATTEST_STEP, attestStep, loginStep, lowercaseSteps, metadataStep, QEMU_STEP } from './build-steps';
import { metadataRules } from './build-tags';
import type { DockerBuildJob } from './docker-build-job';
import { nativeLegs, PlatformStrategy } from './platform-strategy';
import { expr, IS_FORK_PR } from '../expressions/expressions';
import { Job } from '../jobs/job';
import { jobConditionModel } from '../jobs/job-conditions';
import { jobPropsProblems } from '../jobs/job-props-validation';
import { grantedRequirements, PermissionRequirement } from '../jobs/permission-merge';
import type { Step } from '../jobs/step';
import type { Workflow } from '../workflow/workflow';

const DIGESTS = '${{ runner.temp }}/digests';

/** The artifact name prefix of `legs`' digests. */
function artifactPrefix(legs: Job): string {
  return `digests-${legs.jobId}-`;
}

/** The matrix job of a native multi-platform build (internal: created by its DockerBuildJob). */
export class PlatformLegsJob extends Job {
  constructor(workflow: Workflow, id: string, private readonly build: DockerBuildJob, strategy: PlatformStrategy) {
    const p = build._props;
    // Name, condition, env, timeout and permissions come from (and are checked on) the build job:
    // taken over only when valid there, so a problem is reported once.
    const valid = jobPropsProblems(p).length === 0;
    super(workflow, id, {
      name: `${valid && p.name !== undefined ? p.name : build.jobId} (${expr('matrix.platform')})`,
      needs: build._explicitNeeds,
      if: valid ? jobConditionModel(p.if, contextOutputGuards(p.buildContexts)) : undefined,
      runsOn: [expr('matrix.runner')],
      // The legs pick their runner from the build's group too, by the leg's label.
      runnerGroup: valid ? p.runnerGroup : undefined,
      strategy: { include: nativeLegs(strategy, p.platforms ?? []) },
      env: valid ? p.env : undefined,
      timeoutMinutes: valid ? p.timeoutMinutes ?? 60 : 60,
    });
  }

  /** Where the fork fallback builds the image (a fork's pull request), the legs do not: it is built once. @internal */
  public _conditionGuards(): string[] {
    return this.build._forkFallbackBuilds ? [`!(${IS_FORK_PR})`] : [];
  }

  protected requiredPermissions(): PermissionRequirement[] {
    // What the build needs, raised to what the build job was granted (checked there).
    return [...this.build._buildPermissions(), ...grantedRequirements(this.build._props.permissions, `the permissions of DockerBuildJob "${this.build.jobId}"`)];
  }

  protected renderSteps(): Step[] {
    const actions = this.workflow._actions;
    const steps: Step[] = [];
    for (const step of this.build._singleRunnerSteps(expr('matrix.slug'), false)) {
      if (step.id === BUILD_STEP_ID) {
        const { push: _push, tags: _tags, ...inputs } = step.with ?? {};
        steps.push({
          ...step,
          name: `Build and push ${expr('matrix.platform')} by digest`,
          with: {
            ...inputs,
            platforms: expr('matrix.platform'),
            // No tag: the merge job tags the manifest list; each platform image is reachable by its digest.
            outputs: `type=image,name=${this.build._nameInWorkflow},push-by-digest=true,name-canonical=true,push=${expr(this.build.pushCondition)}`,
          },
        });
        steps.push({
          name: 'Export the digest',
          if: this.build.pushCondition,
          env: { DIGEST: expr('steps.build.outputs.digest') },
          run: 'mkdir -p "$RUNNER_TEMP/digests"\ntouch "$RUNNER_TEMP/digests/${DIGEST#sha256:}"',
        });
        steps.push({
          name: 'Upload the digest',
          if: this.build.pushCondition,
          ...actions.ref('uploadArtifact'),
          with: { 'name': `${artifactPrefix(this)}${expr('matrix.slug')}`, 'path': `${DIGESTS}/*`, 'if-no-files-found': 'error', 'retention-days': '1' },
        });
      } else if (step.name !== ATTEST_STEP && step.name !== QEMU_STEP) {
        steps.push(step);
      }
    }
    return steps;
  }
}

/** The build job itself with native legs: merge the legs' digests into one manifest list. */
export function nativeMergeSteps(build: DockerBuildJob, legs: PlatformLegsJob): Step[] {
  const actions = build.workflow._actions;
  const props = build._props;
  const rules = metadataRules(props);
  const meta = rules !== undefined;
  const script = [
    'tags=(-t "$IMAGE:$GITHUB_SHA")',
    ...(meta ? ['while IFS= read -r tag; do', '  if [ -n "$tag" ]; then tags+=(-t "$tag"); fi', 'done <<< "$META_TAGS"'] : []),
    'sources=()',
    'for digest in *; do sources+=("$IMAGE@sha256:$digest"); done',
    'docker buildx imagetools create "${tags[@]}" "${sources[@]}"',
    'digest="$(docker buildx imagetools inspect "$IMAGE:$GITHUB_SHA" --format \'{{.Manifest.Digest}}\')"',
    'echo "digest=$digest" >> "$GITHUB_OUTPUT"',
  ].join('\n');
  return [
    ...lowercaseSteps(build._repositorySuffix),
    ...(meta ? [metadataStep(actions, build._nameInWorkflow, rules)] : []),
    {
      name: 'Download the platform digests',
      ...actions.ref('downloadArtifact'),
      with: { 'path': DIGESTS, 'pattern': `${artifactPrefix(legs)}*`, 'merge-multiple': 'true' },
    },
    { name: 'Set up Docker Buildx', ...actions.ref('setupBuildx') },
    loginStep(actions, build.registry, build.pushCondition),
    {
      name: 'Create the manifest list',
      id: 'merge',
      shell: 'bash',
      workingDirectory: DIGESTS,
      // The image name and tags reach the script as environment variables, never spliced into it.
      env: { IMAGE: build._nameInWorkflow, ...(meta ? { META_TAGS: expr('steps.meta.outputs.tags') } : {}) },
      run: script,
    },
    ...(props.attestProvenance === true ? [{ ...attestStep(actions, build._nameInWorkflow, build.pushCondition), with: { 'subject-name': build._nameInWorkflow, 'subject-digest': expr('steps.merge.outputs.digest'), 'push-to-registry': 'true' } }] : []),
    ...(props.postBuildSteps ?? []),
  ];
}
