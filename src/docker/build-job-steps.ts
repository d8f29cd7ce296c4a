/**
 * The steps of a build on one runner: checkout, the user's pre-build steps,
 * the name lowercasing, metadata, QEMU, Buildx, cache restores, login, the
 * build itself (with its caches gated on the write policy), attestation,
 * cache saves, the user's post-build steps.
 */
import { attestStep, cacheRestoreSteps, cacheSaveSteps, lowercaseSteps, metadataStep, NOT_A_TAG, omitUndefined, qemuStep, secretEnv } from './build-steps';
import { metadataRules } from './build-tags';
import type { DockerBuildJobProps } from './docker-build-job-props';
import { ARCHIVE_STEP_ID, archiveSteps, ImageArtifact } from './image-artifact';
import { loginRegistries, mirrorCommitTag, mirrorMetadataImage, resolvedMirrors } from './image-mirror';
import { loginSteps } from './registry-logins';
import { BUILDS, LOOKUP_STEP_ID, lookupStep, RESOLVED_STEP_ID, resolvedDigestStep, REUSE_TAG_LINE, settingsKey } from './reuse-unchanged';
import type { ActionResolver } from '../actions/action-table';
import { gated } from '../cache/cache-values';
import { CacheWritePolicy } from '../cache/cache-write-policy';
import type { CacheConfig } from '../cache/docker-cache';
import { CAN_PUSH, expr, IS_FORK_PR } from '../expressions/expressions';
import { checkoutStep } from '../jobs/checkout';
import type { Step } from '../jobs/step';
import type { Registry } from '../registry/registry';

/** What the steps read of a build job. */
export interface BuildStepsView {
  readonly props: DockerBuildJobProps;
  readonly actions: ActionResolver;
  readonly registry: Registry;
  /** The image name as the workflow writes it (literal, or the lowercasing step's output). */
  readonly nameInWorkflow: string;
  readonly repositorySuffix: string | undefined;
  readonly platforms: string[] | undefined;
  /** True when the workflow can run for a tag (a release, a tag push, a manual or called run on a tag ref). */
  readonly mayRunOnTags: boolean;
  readonly emulates: boolean;
  /** The written cache, bound. */
  readonly cache: CacheConfig | undefined;
  /** Every cache read, the written one first. */
  readonly readers: CacheConfig[];
  /** The job id (the archive's artifact is named after it). */
  readonly jobId: string;
  /** The condition of the runs that push (the push policy's; never a fork's pull request). */
  readonly pushWhen: string;
  /**
   * When the image is also exported as an archive artifact: `'always'` (the
   * build's `artifact`), `'forks'` (for the fork fallback, on a fork's pull
   * request only), or undefined (never).
   */
  readonly archives?: 'always' | 'forks';
}

/**
 * The write policy in effect: the one given, else `defaultBranchOnly()` for
 * a cache every branch reads (what a branch wrote, the default branch would
 * build from), else `trusted()` (the gha cache, which GitHub scopes per branch).
 */
export function effectiveWritePolicy(given: CacheWritePolicy | undefined, cache: CacheConfig | undefined): CacheWritePolicy {
  if (given instanceof CacheWritePolicy) {
    return given;
  }
  return cache?.sharedAcrossBranches === true ? CacheWritePolicy.defaultBranchOnly() : CacheWritePolicy.trusted();
}

/** The id of the build step (its `digest` output is the pushed image's). */
export const BUILD_STEP_ID = 'build';

/** Step ids the build job uses itself. */
export const BUILD_JOB_STEP_IDS = [BUILD_STEP_ID, 'meta', 'image', 'merge', LOOKUP_STEP_ID, RESOLVED_STEP_ID, ARCHIVE_STEP_ID];

/**
 * The condition of the build step: with an archive on every run, only runs
 * that push build it (the export builds otherwise); with an archive for
 * forks, every run but a fork's pull request (the export is its build); with
 * `reuseUnchanged`, only when no image was found.
 */
function buildCondition(v: BuildStepsView): string | undefined {
  const conditions = [
    ...(v.props.reuseUnchanged ? [BUILDS] : []),
    ...(v.archives === 'always' ? [v.pushWhen] : v.archives === 'forks' ? [`!(${IS_FORK_PR})`] : []),
  ];
  return conditions.length === 0 ? undefined : conditions.length === 1 ? conditions[0] : conditions.map((c) => `(${c})`).join(' && ');
}

/**
 * The steps of the build on one runner. `scopeSuffix` is appended to the
 * written gha cache's scope (a native runner's platform); `postBuildSteps`
 * false leaves the user's post-build steps out (a native leg: they run after
 * the merge).
 */
export function singleRunnerBuildSteps(v: BuildStepsView, scopeSuffix?: string, postBuildSteps = true): Step[] {
  const p = v.props;
  const write = effectiveWritePolicy(p.cacheWritePolicy, v.cache).condition;
  // A read-only policy writes nothing at all; otherwise each export is gated on the policy.
  const writes = write !== CacheWritePolicy.readOnly().condition;
  // Our own gha lines (`type=gha,...,scope=<s>,...`): a per-platform scope, so native legs never overwrite each other's index.
  const suffixed = (line: string) => (scopeSuffix === undefined ? line : line.replace(/\bscope=([^,]+)/, `scope=$1-${scopeSuffix}`));
  // A release is built from scratch, so nothing a branch put in a cache can reach it (unless cacheOnTags).
  const readsWhen = v.mayRunOnTags && p.cacheOnTags !== true ? NOT_A_TAG : undefined;
  const cacheFrom = [...(v.cache?.cacheFrom ?? []).map(suffixed), ...v.readers.slice(v.cache ? 1 : 0).flatMap((c) => c.cacheFrom)]
    .map((line) => (readsWhen === undefined ? line : gated(readsWhen, line)));
  const cacheTo = writes ? (v.cache?.cacheTo ?? []).map((line) => gated(write, suffixed(line))) : [];
  // With an archive on every run, the export is the build of the runs that do not push: it writes the cache there
  // (every run that may write pushes with the default policy, so then it writes none).
  const exportWrites = v.pushWhen === 'false' ? write : `(${write}) && !(${v.pushWhen})`;
  const archiveCacheTo = writes && v.archives === 'always' && v.pushWhen !== CAN_PUSH ? (v.cache?.cacheTo ?? []).map((line) => gated(exportWrites, suffixed(line))) : [];
  const meta = p.metadataTags === true;
  const rules = metadataRules(p);
  const mirrors = resolvedMirrors(p);
  const reuse = p.reuseUnchanged;
  const tags = [
    // Every image name (its own and alsoPushTo's) gets the commit tag; metadata-action gives each the same tags.
    `${v.nameInWorkflow}:${expr('github.sha')}`,
    ...mirrors.map(mirrorCommitTag),
    ...(rules ? [expr('steps.meta.outputs.tags')] : []),
    ...(writes ? v.cache?.cacheTags ?? [] : []).map((tag) => gated(write, tag)),
    ...(reuse ? [REUSE_TAG_LINE] : []),
  ];
  const env = Object.assign({}, ...v.readers.map((c) => c.buildEnv ?? {})) as { [name: string]: string };
  const secretIds = Object.keys(p.buildSecrets ?? {});
  for (const id of secretIds) {
    env[secretEnv(id)] = expr(`secrets.${p.buildSecrets![id]}`);
  }
  const lines = (map: { [key: string]: string } | undefined) => (map && Object.keys(map).length > 0 ? Object.entries(map).map(([k, val]) => `${k}=${val}`).join('\n') : undefined);
  const flag = (value: boolean | undefined) => (value === undefined ? undefined : String(value));
  const build: Step = {
    name: 'Build and push image',
    id: BUILD_STEP_ID,
    if: buildCondition(v),
    ...v.actions.ref('buildPush'),
    with: omitUndefined({
      'context': p.context ?? '.',
      'file': p.file,
      'platforms': v.platforms?.join(','),
      'push': expr(v.pushWhen),
      'tags': tags.join('\n'),
      'target': p.target,
      'build-args': lines(p.buildArgs),
      'build-contexts': lines(p.buildContexts),
      'labels': meta ? [expr('steps.meta.outputs.labels'), lines(p.labels)].filter((l) => l !== undefined).join('\n') : lines(p.labels),
      'secret-envs': secretIds.length > 0 ? secretIds.map((id) => `${id}=${secretEnv(id)}`).join('\n') : undefined,
      'provenance': flag(p.provenance),
      'sbom': flag(p.sbom),
      'no-cache': flag(p.noCache),
      'pull': flag(p.pull),
      'cache-from': cacheFrom.length > 0 ? cacheFrom.join('\n') : undefined,
      'cache-to': cacheTo.length > 0 ? cacheTo.join('\n') : undefined,
    }),
    env: Object.keys(env).length > 0 ? env : undefined,
  };
  const saves = writes && v.cache?.directory !== undefined ? cacheSaveSteps(v.actions, v.cache.directory, write) : [];
  return [
    // The build reads the workspace, so the checkout is never turned off or moved (validated).
    checkoutStep(v.actions, { ...p.checkout, enabled: true })!,
    ...(p.preBuildSteps ?? []),
    ...lowercaseSteps(v.repositorySuffix),
    ...(rules ? [metadataStep(v.actions, [v.nameInWorkflow, ...mirrors.map(mirrorMetadataImage)].join('\n'), rules)] : []),
    ...(v.emulates ? [qemuStep(v.actions)] : []),
    { name: 'Set up Docker Buildx', ...v.actions.ref('setupBuildx') },
    ...cacheRestoreSteps(v.actions, v.readers, readsWhen),
    // Nothing to log in for when no run pushes (the image travels as an artifact only).
    ...(v.pushWhen === 'false' ? [] : loginSteps(v.actions, loginRegistries(v.registry, mirrors), v.pushWhen)),
    ...(reuse ? [lookupStep(reuse, v.nameInWorkflow, settingsKey(p, v.platforms), v.pushWhen)] : []),
    ...(v.pushWhen === 'false' ? [] : [build]),
    ...(reuse ? [resolvedDigestStep(BUILD_STEP_ID)] : []),
    // A reused image was attested by the build that pushed it.
    ...(p.attestProvenance === true ? [attestStep(v.actions, v.nameInWorkflow, reuse ? `(${v.pushWhen}) && ${BUILDS}` : v.pushWhen)] : []),
    ...(v.archives === undefined ? [] : archiveSteps(v.actions, build, {
      jobId: v.jobId,
      nameInWorkflow: v.nameInWorkflow,
      artifact: p.artifact instanceof ImageArtifact ? p.artifact : undefined,
      forkCondition: v.archives === 'forks' ? IS_FORK_PR : undefined,
      cacheTo: archiveCacheTo.length > 0 ? archiveCacheTo.join('\n') : undefined,
    })),
    ...saves,
    ...(postBuildSteps ? p.postBuildSteps ?? [] : []),
  ];
}
