/**
 * The tags of one's own a build pushes (`tags`, ReleaseTag rules) next to
 * `<name>:<commit sha>`, or the fixed set of `metadataTags`; both are
 * `docker/metadata-action` rules, computed from the run's event, and go to
 * every image name of the build (its own and its mirrors').
 */
import type { DockerBuildJobProps } from './docker-build-job-props';
import { canonicalImage, resolvedMirrors } from './image-mirror';
import { PlatformStrategy } from './platform-strategy';
import { ReleaseTag } from './release-tag';
import type { CacheConfig } from '../cache/docker-cache';

/**
 * What `metadataTags: true` writes: `sha-<7>`, the branch, `pr-<number>`,
 * the version of a semver git tag, and `latest` on the default branch only.
 */
export const METADATA_PRESET_RULES = [
  'type=sha',
  'type=ref,event=branch',
  'type=ref,event=pr',
  'type=semver,pattern={{version}}',
  'type=raw,value=latest,enable={{is_default_branch}}',
];

/** The tags the preset may push, for collision checks. */
export const METADATA_PRESET_TAGS = ['sha-<short sha>', '<branch name>', 'pr-<number>', '<semver {{version}}>', 'latest'];

/** The valid ReleaseTags of `tags`. */
export function ownTags(props: DockerBuildJobProps): ReleaseTag[] {
  return Array.isArray(props.tags) ? props.tags.filter((t): t is ReleaseTag => t instanceof ReleaseTag && t._problems.length === 0) : [];
}

/** The metadata-action rules of the build: the preset, its own tags, or none (no metadata step). */
export function metadataRules(props: DockerBuildJobProps): string[] | undefined {
  if (props.metadataTags === true) {
    return METADATA_PRESET_RULES;
  }
  const tags = ownTags(props);
  return tags.length > 0 ? tags.map((t) => t._rule) : undefined;
}

/** The tags the build may push besides `<commit sha>` (placeholders for what only the run knows). */
export function extraTagKeys(props: DockerBuildJobProps): string[] {
  return props.metadataTags === true ? METADATA_PRESET_TAGS : [...new Set(ownTags(props).map((t) => t._tagKey))];
}

/** Problems with `tags`: ReleaseTags, each once, not with metadataTags, nor where the build may not run or push. */
export function tagsProblems(props: DockerBuildJobProps): string[] {
  const given = props.tags as unknown;
  if (given === undefined) {
    return [];
  }
  if (!Array.isArray(given) || given.length === 0) {
    return [`tags is ${JSON.stringify(given) ?? String(given)}; give tags such as [ReleaseTag.latestOnDefaultBranch(), ReleaseTag.semver()], or leave it out.`];
  }
  const problems: string[] = [];
  const rules = new Map<string, number>();
  given.forEach((tag: unknown, i) => {
    if (!(tag instanceof ReleaseTag)) {
      problems.push(`tags[${i}] is ${JSON.stringify(tag) ?? String(tag)}; use ReleaseTag.raw(), .semver(), .branch(), .gitTag(), .latestOnDefaultBranch() or .contentHash().`);
      return;
    }
    problems.push(...tag._problems.map((p) => `tags[${i}]: ${p}`));
    if (rules.has(tag._rule)) {
      problems.push(`tags[${i}] repeats tags[${rules.get(tag._rule)}] (${tag._label}); list each tag once.`);
    } else {
      rules.set(tag._rule, i);
    }
  });
  if (props.metadataTags === true) {
    problems.push('sets both metadataTags and tags; metadataTags is a fixed set (sha-<7>, the branch, pr-<number>, the semver version, latest on the default branch): ' +
      'leave it out and list the tags you want in tags, e.g. [ReleaseTag.branch(), ReleaseTag.semver(), ReleaseTag.latestOnDefaultBranch()].');
  }
  if (props.reuseUnchanged !== undefined) {
    problems.push('tags with reuseUnchanged would not move the tags on runs that reuse an image (nothing is pushed then, so latest would stay behind); leave one of the two out.');
  }
  const strategy = props.platformStrategy;
  const native = strategy instanceof PlatformStrategy && strategy._kind === 'native';
  if (native && given.some((t) => t instanceof ReleaseTag && t._readsWorkspace)) {
    problems.push('tags holds ReleaseTag.contentHash(), but with PlatformStrategy.nativeRunners() the tags are given by the merge job, which has no checkout to hash; ' +
      'use PlatformStrategy.emulated(), or another tag.');
  }
  return problems;
}

/**
 * A fixed tag of the build's own (`latest`, a raw value) that is also the
 * tag its registry or inline cache lives in (e.g. `<image>:buildcache`):
 * each push would replace the other. `image` is the literal primary name.
 */
export function cacheTagProblems(props: DockerBuildJobProps, image: string, cache: CacheConfig | undefined): string[] {
  const lines = [...(cache?.cacheTo ?? []), ...(cache?.cacheTags ?? [])];
  const refs = new Set(lines.flatMap((line) => [...line.matchAll(/(?:^|,)ref=([^,]+)/g)].map((m) => m[1]).concat(line.includes('type=') ? [] : [line]))
    .filter((ref) => ref.includes(':')).map((ref) => canonicalImage(ref)));
  if (refs.size === 0) {
    return [];
  }
  const names = [image, ...resolvedMirrors(props).map((m) => m.image)];
  const fixed = extraTagKeys(props).filter((t) => !t.includes('<'));
  return names.flatMap((name) => fixed.filter((tag) => refs.has(canonicalImage(`${name}:${tag}`)))
    .map((tag) => `tags pushes ${name}:${tag}, where the build's cache lives; give the cache another ref (e.g. RegistryCache.max({ ref: '${name}:buildcache-cache' })), or the tag another name.`));
}
