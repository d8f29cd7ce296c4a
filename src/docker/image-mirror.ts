/**
 * Mirrors: one build pushed to more image names, e.g. on other registries
 * (Docker Hub, ECR), each given the same tags as the primary image. The
 * consumers still get the primary image's `<name>@<digest>`.
 */
import type { DockerBuildJobProps } from './docker-build-job-props';
import { splitImageName, validateImageName } from './image-name';
import { PlatformStrategy } from './platform-strategy';
import { gated } from '../cache/cache-values';
import { expr } from '../expressions/expressions';
import { bareCondition } from '../jobs/job-conditions';
import { Registry } from '../registry/registry';

/** Another image name a {@link DockerBuildJob} pushes the same build to. */
export interface ImageMirror {
  /** The image name, lowercase, without tag or digest, on `registry` (e.g. `docker.io/acme/app`). */
  readonly image: string;
  /**
   * The registry `image` is on, logged in to on runs that push.
   * @default Registry.ghcr()
   */
  readonly registry?: Registry;
  /**
   * Push to this mirror (and log in to its registry) only when this
   * condition holds as well, e.g. `github.ref == 'refs/heads/main'` to
   * publish only from the default branch (an expression, bare or as one
   * `${{ }}`).
   * @default - on every run that pushes
   */
  readonly when?: string;
}

/** A mirror with its registry resolved, and its condition bare. */
export interface ResolvedMirror {
  readonly image: string;
  readonly registry: Registry;
  readonly when?: string;
}

/** A registry to log in to, and the condition (besides the run pushing) under which to; none: always. */
export interface RegistryLogin {
  readonly registry: Registry;
  readonly when?: string;
}

/** The mirrors of `props` whose shape is right (the checks report the others). */
export function resolvedMirrors(props: DockerBuildJobProps): ResolvedMirror[] {
  const mirrors = Array.isArray(props.alsoPushTo) ? props.alsoPushTo : [];
  return mirrors
    .filter((m) => m !== null && typeof m === 'object' && typeof m.image === 'string' && (m.registry === undefined || m.registry instanceof Registry))
    .map((m) => ({ image: m.image, registry: m.registry ?? Registry.ghcr(), when: typeof m.when === 'string' && m.when.trim() !== '' ? bareCondition(m.when) : undefined }));
}

/** The mirror's `<name>:<commit sha>` line of build-push-action's `tags`: empty on runs its condition excludes (build-push skips empty lines). */
export function mirrorCommitTag(m: ResolvedMirror): string {
  const line = `${m.image}:${expr('github.sha')}`;
  return m.when === undefined ? line : gated(m.when, line);
}

/** The mirror's line of metadata-action's `images`: `name=...,enable=...` when it has a condition. */
export function mirrorMetadataImage(m: ResolvedMirror): string {
  return m.when === undefined ? m.image : `name=${m.image},enable=${expr(m.when)}`;
}

/** `docker.io/acme/app` and `acme/app` are one repository: compared in this form. */
export function canonicalImage(name: string): string {
  const { registry, path } = splitImageName(name);
  return `${registry}/${path}`;
}

/**
 * Problems with `alsoPushTo`: each mirror a literal name on its registry,
 * distinct from the others and from the primary `image`; one login per
 * registry host; a single-runner build that builds on every push run.
 */
export function mirrorProblems(props: DockerBuildJobProps, primary: Registry): string[] {
  const given = props.alsoPushTo as unknown;
  if (given === undefined) {
    return [];
  }
  if (!Array.isArray(given) || given.length === 0) {
    return [`alsoPushTo is ${JSON.stringify(given) ?? String(given)}; give the other image names to push, e.g. [{ image: 'docker.io/acme/app', registry: Registry.dockerHub({ ... }) }], or leave it out.`];
  }
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const logins: Registry[] = [primary];
  const primaryName = typeof props.image === 'string' && validateImageName(props.image).length === 0 ? canonicalImage(props.image) : undefined;
  given.forEach((mirror: unknown, i) => {
    const m = mirror as Partial<ImageMirror> | null;
    if (m === null || typeof m !== 'object' || typeof m.image !== 'string') {
      problems.push(`alsoPushTo[${i}] is ${JSON.stringify(mirror) ?? String(mirror)}; give { image: '<registry>/<name>', registry: Registry.xxx(...) }.`);
      return;
    }
    if (m.registry !== undefined && !(m.registry instanceof Registry)) {
      problems.push(`alsoPushTo[${i}].registry is ${JSON.stringify(m.registry) ?? String(m.registry)}; pass Registry.ghcr(), .dockerHub({ ... }), .ecr({ ... }), .googleArtifactRegistry({ ... }) or .custom({ ... }).`);
      return;
    }
    const registry = m.registry ?? Registry.ghcr();
    if (m.when !== undefined && (typeof m.when !== 'string' || m.when.trim() === '' || /\n/.test(m.when))) {
      problems.push(`alsoPushTo[${i}].when is ${JSON.stringify(m.when) ?? String(m.when)}; give an expression such as "github.ref == 'refs/heads/main'", or leave it out.`);
    }
    const own = validateImageName(m.image);
    if (own.length > 0) {
      // A mirror is named literally: the lowercasing step only knows the primary repository image.
      problems.push(...own.map((p) => `alsoPushTo[${i}]: ${p}`));
      return;
    }
    const onRegistry = registry.usesGitHubToken && !m.image.startsWith('ghcr.io/')
      ? [`image "${m.image}" is not on GHCR, where the mirror logs in with the workflow's GITHUB_TOKEN; name it ghcr.io/<owner>/<name>, or pass the registry it belongs to.`]
      : registry.validate(m.image);
    if (onRegistry.length > 0) {
      problems.push(...onRegistry.map((p) => `alsoPushTo[${i}]: ${p}`));
      return;
    }
    const name = canonicalImage(m.image);
    if (name === primaryName) {
      problems.push(`alsoPushTo[${i}] is "${m.image}", the build's own image; list only other image names.`);
    } else if (seen.has(name)) {
      problems.push(`alsoPushTo[${i}] is "${m.image}", already alsoPushTo[${seen.get(name)}]; list each image once.`);
    } else {
      seen.set(name, i);
    }
    const clash = logins.find((r) => r.host === registry.host && !r._sameLogin(registry));
    if (clash !== undefined) {
      problems.push(`alsoPushTo[${i}] logs in to ${registry.displayName} with other credentials than ${clash === primary ? 'the build\'s registry' : 'an earlier mirror'}; ` +
        'a job holds one login per registry host, so use the same Registry for every image on that host.');
    } else {
      logins.push(registry);
    }
  });
  const strategy = props.platformStrategy;
  if (strategy instanceof PlatformStrategy && strategy._kind === 'native') {
    problems.push('alsoPushTo is not available with PlatformStrategy.nativeRunners() (the platform legs push to the build\'s own image only); use PlatformStrategy.emulated(), or leave alsoPushTo out.');
  }
  if (props.reuseUnchanged !== undefined) {
    problems.push('alsoPushTo with reuseUnchanged would leave the mirrors without the image on runs that reuse it (nothing is pushed then); leave one of the two out.');
  }
  return problems;
}

/**
 * The registries a build logs in to: its own, then each mirror's new host,
 * in order; a host only mirrors with conditions are on is logged in to when
 * one of them holds.
 */
export function loginRegistries(primary: Registry, mirrors: readonly ResolvedMirror[]): RegistryLogin[] {
  const hosts = new Map<string, { registry: Registry; whens: (string | undefined)[] }>([[primary.host, { registry: primary, whens: [undefined] }]]);
  for (const { registry, when } of mirrors) {
    const known = hosts.get(registry.host);
    if (known === undefined) {
      hosts.set(registry.host, { registry, whens: [when] });
    } else {
      known.whens.push(when);
    }
  }
  return [...hosts.values()].map(({ registry, whens }) => ({
    registry,
    when: whens.includes(undefined) ? undefined : [...new Set(whens as string[])].map((w) => `(${w})`).join(' || '),
  }));
}
