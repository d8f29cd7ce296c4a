/**
 * Skip unchanged builds: before building, look for an image this build
 * already pushed from the same inputs (the files the user names, hashed by
 * GitHub's `hashFiles`, and the build's own settings, hashed at synth time)
 * under the tag `inputs-<settings>-<files>`; when it exists, hand its digest
 * to the consumers instead of building. The tag is written only by builds
 * of the default branch, like every cache all branches read: a branch could
 * otherwise put any image under a hash the default branch then trusts.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/expressions#hashfiles
 */
import { createHash } from 'crypto';
import type { DockerBuildJobProps } from './docker-build-job-props';
import { CacheWritePolicy } from '../cache/cache-write-policy';
import { CAN_PUSH, expr } from '../expressions/expressions';
import type { Step } from '../jobs/step';

/** The id of the lookup step (its outputs: `tag`, and `digest` when an image was found). */
export const LOOKUP_STEP_ID = 'reuse_lookup';
/** The id of the step whose `digest` output is the image handed over: built, or reused. */
export const RESOLVED_STEP_ID = 'image_digest';

/** When the image of a build may be reused instead of rebuilt. */
export class ReuseUnchanged {
  /**
   * Reuse the image built from the same content of these files (patterns of
   * `hashFiles`, relative to the workspace, `!` to exclude: e.g.
   * `['Dockerfile', 'src/**', 'package-lock.json']`) and the same build
   * settings (context, file, target, build args and contexts, platforms,
   * labels, secrets' ids, provenance, sbom). List every file the image is
   * built from: a file left out can change without a rebuild.
   */
  public static whenFilesMatch(patterns: string[]): ReuseUnchanged {
    return new ReuseUnchanged(patterns);
  }

  private constructor(private readonly patterns: string[]) {}

  /** The patterns. @internal */
  public get _patterns(): string[] {
    return Array.isArray(this.patterns) ? [...this.patterns] : [];
  }

  /** What is wrong with the patterns. @internal */
  public _problems(): string[] {
    if (!Array.isArray(this.patterns) || this.patterns.length === 0) {
      return ['reuseUnchanged names no files; list the files the image is built from, e.g. ReuseUnchanged.whenFilesMatch([\'Dockerfile\', \'src/**\']).'];
    }
    return this.patterns
      .filter((p) => typeof p !== 'string' || p.trim() === '' || /\$\{\{|'|\n/.test(p))
      .map((p) => `reuseUnchanged pattern ${JSON.stringify(p) ?? String(p)} must be a file pattern without quotes, line breaks or \${{ }} (hashFiles reads it literally).`);
  }
}

/** The build settings that change the image without changing a file, hashed: 12 hex digits of SHA-256. */
export function settingsKey(p: DockerBuildJobProps, platforms: readonly string[] | undefined): string {
  const settings = {
    context: p.context ?? '.',
    file: p.file ?? null,
    target: p.target ?? null,
    buildArgs: p.buildArgs ?? null,
    buildContexts: p.buildContexts ?? null,
    platforms: platforms ?? null,
    labels: p.labels ?? null,
    secrets: Object.keys(p.buildSecrets ?? {}).sort(),
    provenance: p.provenance ?? null,
    sbom: p.sbom ?? null,
  };
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 12);
}

/** The condition under which the reuse tag is pushed: a default-branch build that ran. */
export const WRITES_REUSE_TAG = CacheWritePolicy.defaultBranchOnly().condition;

/**
 * The lookup: on runs that can push (it needs the registry login before it),
 * the tag for these inputs, and its digest when the registry has it.
 */
export function lookupStep(reuse: ReuseUnchanged, name: string, settings: string, pushWhen: string = CAN_PUSH): Step {
  return {
    name: 'Look for an image built from the same inputs',
    id: LOOKUP_STEP_ID,
    if: pushWhen,
    shell: 'bash',
    env: {
      IMAGE: name,
      // A hex digest (empty when no file matches), never text a contributor chooses.
      FILES_HASH: expr(`hashFiles(${reuse._patterns.map((p) => `'${p}'`).join(', ')})`),
      SETTINGS: settings,
    },
    run: [
      'if [ -z "$FILES_HASH" ]; then',
      '  echo "::error title=reuseUnchanged::no file matches the patterns of reuseUnchanged; fix them in .projenrc.ts"',
      '  exit 1',
      'fi',
      'tag="$IMAGE:inputs-$SETTINGS-$FILES_HASH"',
      'echo "tag=$tag" >> "$GITHUB_OUTPUT"',
      'if digest="$(docker buildx imagetools inspect "$tag" --format \'{{.Manifest.Digest}}\' 2>/dev/null)" && [ -n "$digest" ]; then',
      '  echo "digest=$digest" >> "$GITHUB_OUTPUT"',
      '  echo "Reusing $tag ($digest): the inputs are unchanged, nothing is built."',
      'else',
      '  echo "No image from these inputs yet: building."',
      'fi',
    ].join('\n'),
  };
}

/** True unless the lookup found an image: the condition of the build step. */
export const BUILDS = `steps.${LOOKUP_STEP_ID}.outputs.digest == ''`;

/** The reuse tag line of the build's `tags:` (pushed from the default branch only). */
export const REUSE_TAG_LINE = expr(`(${WRITES_REUSE_TAG}) && steps.${LOOKUP_STEP_ID}.outputs.tag || ''`);

/** The digest handed over: the one the build step `buildStepId` built in this run, else the one reused. */
export function resolvedDigestStep(buildStepId: string): Step {
  return {
    name: 'The image handed over (built, or reused)',
    id: RESOLVED_STEP_ID,
    shell: 'bash',
    env: { BUILT: expr(`steps.${buildStepId}.outputs.digest`), REUSED: expr(`steps.${LOOKUP_STEP_ID}.outputs.digest`) },
    run: 'echo "digest=${BUILT:-$REUSED}" >> "$GITHUB_OUTPUT"',
  };
}
