import type { ForkPullRequests } from './fork-strategy';
import type { ImageArtifact } from './image-artifact';
import type { ImageMirror } from './image-mirror';
import type { PlatformStrategy } from './platform-strategy';
import type { PushPolicy } from './push-policy';
import type { ReleaseTag } from './release-tag';
import type { ReuseUnchanged } from './reuse-unchanged';
import type { CacheWritePolicy } from '../cache/cache-write-policy';
import type { IDockerCache } from '../cache/docker-cache';
import type { CheckoutOptions } from '../jobs/checkout';
import type { JobProps } from '../jobs/job-props';
import type { Step } from '../jobs/step';
import type { Registry } from '../registry/registry';

/** Options of a {@link DockerBuildJob}. */
export interface DockerBuildJobProps extends JobProps {
  /**
   * The image to build and push, lowercase, without tag or digest
   * (e.g. `ghcr.io/my-org/my-app`). It must be on `registry`: by default
   * images go to GHCR with the workflow's `GITHUB_TOKEN`, so the name starts
   * with `ghcr.io/<owner>/`.
   *
   * `ghcr.io/${{ github.repository }}` (optionally followed by `/<name>`, see
   * {@link DockerBuildJob.REPOSITORY_IMAGE}) names the image after the
   * repository: GitHub keeps the owner's and repository's case, so the build
   * job lowercases it at run time in a shell step before the build.
   */
  readonly image: string;
  /**
   * Where the image is pushed and how the build logs in (only on runs that
   * push). Container jobs that run the image pull it with the same credentials,
   * so an OIDC registry (`Registry.ecr()`) is for `alsoPushTo` only.
   * @default Registry.ghcr()
   */
  readonly registry?: Registry;
  /**
   * The build context. Without one, BuildKit would build from the Git
   * context and ignore files changed by earlier steps.
   * @default '.'
   */
  readonly context?: string;
  /**
   * The Dockerfile, relative to the repository root.
   * @default - `Dockerfile` inside the context
   */
  readonly file?: string;
  /**
   * The layer cache (e.g. `GhaCache.max()`).
   * @default - no cache: every run builds from scratch
   */
  readonly cache?: IDockerCache;
  /**
   * More caches to READ from, after `cache` (e.g. the default branch's
   * registry cache next to a per-image gha cache). They are never written.
   * @default - only `cache` is read
   */
  readonly cacheFrom?: IDockerCache[];
  /**
   * Which runs write (export) `cache`. Fork pull requests never write (see
   * {@link CacheWritePolicy}). A cache every branch reads (registry, inline,
   * S3, local folder) is written from the default branch only by default,
   * so no branch can put layers into the default branch's next build
   * (cache poisoning); GitHub scopes the gha cache per branch itself.
   * @default - CacheWritePolicy.defaultBranchOnly() for a registry, inline, S3 or local cache; CacheWritePolicy.trusted() for a gha cache
   */
  readonly cacheWritePolicy?: CacheWritePolicy;
  /**
   * The Dockerfile stage to build (`target`).
   * @default - the last stage
   */
  readonly target?: string;
  /**
   * Build-time variables (`build-args`), `NAME` to value. Build args end up in
   * the image's history: never pass a secret here, use `buildSecrets`.
   * @default - none
   */
  readonly buildArgs?: { [name: string]: string };
  /**
   * Build secrets, `RUN --mount=type=secret,id=<id>` in the Dockerfile, each
   * mapped to the NAME of a repository secret. The value reaches Buildx as an
   * environment variable of the build step (`secret-envs`), never in the
   * image, its history or the build logs.
   * @default - none
   */
  readonly buildSecrets?: { [id: string]: string };
  /**
   * Image labels (`labels`), key to value.
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Attach a provenance attestation (`provenance`). With attestations even a
   * single-platform image is pushed as an index (pulling it still works).
   * @default - build-push-action's default (mode=max on public repositories, min on private ones)
   */
  readonly provenance?: boolean;
  /**
   * Attach an SBOM attestation (`sbom`).
   * @default - no SBOM
   */
  readonly sbom?: boolean;
  /**
   * Build without reading any cache (`no-cache`); the cache is still written.
   * @default false
   */
  readonly noCache?: boolean;
  /**
   * Always pull newer versions of the base images (`pull`).
   * @default false
   */
  readonly pull?: boolean;
  /**
   * Extra named build contexts (`build-contexts`), name to source: a path,
   * a URL or `docker-image://<image>` (used as `FROM <name>` / `COPY --from=<name>`).
   * @default - none
   */
  readonly buildContexts?: { [name: string]: string };
  /**
   * Also tag the image for humans with `docker/metadata-action`: the short
   * SHA (`sha-<7>`), the branch, `pr-<number>`, the version of a `v1.2.3` git
   * tag, and `latest` only on the default branch; its OCI labels are added
   * too. Consumers still run the exact digest. A fixed set: for tags of
   * your own use `tags` instead (setting both is refused).
   * @default false
   */
  readonly metadataTags?: boolean;
  /**
   * Tags of your own, pushed next to `<name>:<commit sha>` to the image and
   * every mirror (`alsoPushTo`), on runs that push: `docker/metadata-action`
   * rules computed from the run's event, e.g.
   * `[ReleaseTag.latestOnDefaultBranch(), ReleaseTag.semver(), ReleaseTag.branch()]`;
   * a rule whose event does not apply gives nothing (semver on a branch
   * push). metadata-action's automatic `latest` is off: `latest` only where
   * a rule says so. Consumers still run the exact digest. Not with
   * `metadataTags` nor `reuseUnchanged`.
   * @default - only `<name>:<commit sha>`
   * @see https://github.com/docker/metadata-action#tags-input
   */
  readonly tags?: ReleaseTag[];
  /**
   * More image names the same build is pushed to, e.g. on Docker Hub or ECR,
   * each logged in to on runs that push and given the same tags
   * (`<name>:<commit sha>` and `tags`). The job output `image` stays the
   * primary image's `<name>@<digest>`. A single-runner build that builds on
   * every push (not with `PlatformStrategy.nativeRunners()` nor `reuseUnchanged`).
   * @default - the image is pushed to `image` only
   */
  readonly alsoPushTo?: ImageMirror[];
  /**
   * Skip the build when the image was already built from the same inputs:
   * before building, look for the tag `inputs-<settings>-<hash of the files>`
   * in the registry and, when it exists, hand its digest to the consumers
   * instead of building. Builds of the default branch push that tag (only
   * they: every branch reads it). A single-runner build only (not with
   * `PlatformStrategy.nativeRunners()`).
   * @default - every run builds
   */
  readonly reuseUnchanged?: ReuseUnchanged;
  /**
   * Build a multi-platform image for these platforms (`platforms`), each
   * `os/arch[/variant]`, e.g. `['linux/amd64', 'linux/arm64']`. Platforms
   * other than the runner's own `linux/amd64` are emulated: the job then sets
   * up QEMU (`docker/setup-qemu-action`) before Buildx. Consumers' container
   * jobs pull the variant of their own runner from the pushed manifest list.
   * Fork pull request fallbacks build the runner's platform only.
   * @default - the runner's platform only (no QEMU)
   * @see https://docs.docker.com/build/ci/github-actions/multi-platform/
   */
  readonly platforms?: string[];
  /**
   * Sign a SLSA build provenance attestation for the pushed image with
   * `actions/attest-build-provenance` (`subject-name` = the image without
   * tag, `subject-digest` = the pushed digest, `push-to-registry: true`).
   * It runs only when the image is pushed (never on fork pull requests), and
   * the job gets `id-token: write` and `attestations: write` for it.
   * @default false
   * @see https://github.com/actions/attest-build-provenance
   */
  readonly attestProvenance?: boolean;
  /**
   * How several `platforms` are built: all on the job's runner with QEMU
   * ({@link PlatformStrategy.emulated}), or each on a runner of its own
   * architecture with a merge job ({@link PlatformStrategy.nativeRunners}).
   * @default PlatformStrategy.emulated()
   */
  readonly platformStrategy?: PlatformStrategy;
  /**
   * Steps of your own, after the checkout and before the image is built
   * (e.g. writing a version file into the context, or fetching build
   * inputs). They also run in the fork pull request fallback's build, which
   * has no secrets. The step ids `build`, `meta`, `image` and `merge` are the
   * build job's own.
   * @default - none
   */
  readonly preBuildSteps?: Step[];
  /**
   * Steps of your own after the image is built and pushed (e.g. a scan of
   * `steps.build.outputs.digest`, or a summary). They run on every event,
   * also when nothing was pushed: guard them with
   * `if: steps.build.outputs.digest != ''` where they need the pushed image.
   * @default - none
   */
  readonly postBuildSteps?: Step[];
  /**
   * How the repository is checked out before the build (fetch depth for
   * `git describe`, LFS files, submodules). The checkout is always at the
   * workspace root and never keeps credentials.
   * @default - a shallow checkout of the commit
   */
  readonly checkout?: CheckoutOptions;
  /**
   * What pull requests from forks get, whose read-only token cannot push the
   * image the container jobs run in.
   * @default - ForkPullRequests.fallback() when the workflow has a `pullRequest` trigger (a `<build>_fork` job builds without pushing and runs the container jobs' scripts with `docker run`), else ForkPullRequests.none()
   */
  readonly forkPullRequests?: ForkPullRequests;
  /**
   * Read the caches also on runs that build a tag (a release, a tag push, a
   * manual run on a tag). By default such a run reads none, so nothing a
   * branch wrote into a cache can reach a release (the build is from
   * scratch, which also makes it reproducible from the sources).
   * @default false
   */
  readonly cacheOnTags?: boolean;
  /**
   * Which runs push the image to `registry` (and so hand it to container
   * jobs, services, promotions and builds FROM it by digest). Pull requests
   * from forks never push. With a narrower policy (or `never()`), give the
   * build an `artifact` so jobs that use the image on their runner get it on
   * every run; container jobs and services need `trustedEvents()`.
   * @default PushPolicy.trustedEvents()
   */
  readonly push?: PushPolicy;
  /**
   * Also hand the image over as an artifact of the run (a `docker load`-able
   * archive), on every event, pull requests from forks included: jobs that
   * declare `images: [build.onRunner()]` then download and load it instead
   * of pulling from the registry (no token, no registry), checked against
   * the id this run's build reported. With `push: PushPolicy.never()` it is
   * the only hand-off. Container jobs still pull from the registry.
   * @default - no artifact (the registry hand-off only; on a fork's pull request the fork fallback still gets an archive of its own)
   */
  readonly artifact?: ImageArtifact;
}
