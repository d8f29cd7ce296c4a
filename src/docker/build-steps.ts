/**
 * Small builders for the build job's steps: build-push inputs, sub-actions
 * (`actions/cache/restore`), and the env variables build secrets travel in.
 */
import { METADATA_PRESET_RULES } from './build-tags';
import type { ActionResolver } from '../actions/action-table';
import type { CacheConfig } from '../cache/docker-cache';
import { CAN_PUSH } from '../expressions/expressions';
import type { Registry } from '../registry/registry';
import type { StepModel } from '../workflow/workflow-model';

/** The step env variable a build secret travels in. */
export function secretEnv(id: string): string {
  return `BUILD_SECRET_${id.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** `owner/repo@ref` -> `owner/repo/<path>@ref` (e.g. `actions/cache/restore@v5`), a comment kept. */
export function subAction(ref: { uses: string }, path: string): { uses: string } {
  const at = ref.uses.indexOf('@');
  return { ...ref, uses: `${ref.uses.slice(0, at)}/${path}${ref.uses.slice(at)}` };
}

export function omitUndefined(map: { [key: string]: string | undefined }): { [key: string]: string } {
  const result: { [key: string]: string } = {};
  for (const [key, value] of Object.entries(map)) {
    if (value !== undefined) {
      result[key] = value;
    }
  }
  return result;
}

/**
 * `docker/metadata-action` for the tags of this run: `rules` (by default
 * metadataTags' set: short SHA, branch, PR, semver, and latest on the
 * default branch only) for each of `images` (one name a line).
 */
export function metadataStep(actions: ActionResolver, images: string, rules: readonly string[] = METADATA_PRESET_RULES): StepModel {
  return {
    name: 'Image tags and labels',
    id: 'meta',
    ...actions.ref('metadata'),
    with: {
      images,
      // latest only where a rule says so (not on every semver tag, metadata-action's latest=auto).
      flavor: 'latest=false',
      tags: rules.join('\n'),
    },
  };
}

/** True unless the run builds a tag (a release): such a build reads no cache unless asked (cacheOnTags). */
export const NOT_A_TAG = "!startsWith(github.ref, 'refs/tags/')";

/** `actions/cache/restore` for each local-folder cache read; `readsWhen` gates it (tag builds read none). */
export function cacheRestoreSteps(actions: ActionResolver, readers: readonly CacheConfig[], readsWhen?: string): StepModel[] {
  return readers.flatMap((c) => (c.directory === undefined ? [] : [{
    name: `Restore build cache ${c.directory.path}`,
    if: readsWhen,
    ...subAction(actions.ref('cache'), 'restore'),
    with: { 'path': c.directory.path, 'key': c.directory.key, 'restore-keys': c.directory.restoreKeys.join('\n') },
  }]));
}

/** Saving the written local-folder cache, gated on the write policy (`write`). */
export function cacheSaveSteps(actions: ActionResolver, dir: NonNullable<CacheConfig['directory']>, write: string): StepModel[] {
  const saves: StepModel[] = [];
  if (dir.exportedTo !== undefined) {
    // The export only happened when the policy allowed it, and ignore-error may have skipped it.
    saves.push({ name: `Replace ${dir.path} with the new cache`, if: write, run: `if [ -d "${dir.exportedTo}" ]; then rm -rf "${dir.path}"; mv "${dir.exportedTo}" "${dir.path}"; fi` });
  }
  saves.push({ name: `Save build cache ${dir.path}`, if: write, ...subAction(actions.ref('cache'), 'save'), with: { path: dir.path, key: dir.key } });
  return saves;
}

/** The names of the steps a one-runner build only needs for its platforms and its push. */
export const QEMU_STEP = 'Set up QEMU';
export const ATTEST_STEP = 'Attest build provenance';

/** QEMU for the platforms the runner cannot run natively (all of binfmt's, the action's default). */
export function qemuStep(actions: ActionResolver): StepModel {
  return { name: QEMU_STEP, ...actions.ref('setupQemu') };
}

/**
 * Signed SLSA provenance for the pushed image, stored next to it in the
 * registry; gated like the push (`pushes`), since there is no digest to sign otherwise.
 */
export function attestStep(actions: ActionResolver, image: string, pushes: string): StepModel {
  return {
    name: ATTEST_STEP,
    if: pushes,
    ...actions.ref('attestBuildProvenance'),
    with: { 'subject-name': image, 'subject-digest': '${{ steps.build.outputs.digest }}', 'push-to-registry': 'true' },
  };
}

/** The step that lowercases a repository image name into `steps.image.outputs.name` (none for a literal name). */
export function lowercaseSteps(repositorySuffix: string | undefined): StepModel[] {
  return repositorySuffix === undefined ? [] : [{
    // github.repository keeps the owner's case; registries refuse uppercase, and expressions have no toLower().
    name: 'Lowercase the image name',
    id: 'image',
    shell: 'bash',
    run: `echo "name=ghcr.io/\${GITHUB_REPOSITORY,,}${repositorySuffix}" >> "$GITHUB_OUTPUT"`,
  }];
}

/** The registry login, on runs that push (`pushWhen`; never on fork pull requests). */
export function loginStep(actions: ActionResolver, registry: Registry, pushWhen: string = CAN_PUSH): StepModel {
  return {
    name: `Log in to ${registry.displayName}`,
    if: pushWhen,
    ...actions.ref('login'),
    with: omitUndefined({ registry: registry.loginServer, username: registry.username, password: registry.password }),
  };
}
