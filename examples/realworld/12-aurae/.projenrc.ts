// Re-declares aurae-runtime/aurae .github/workflows/build-with-containers.yml at a0c2ca22 (2023-01-10):
// one job builds the Rust builder image, two jobs run the docs build and lint/test inside it.
//
// Kept better: the builder image travels by digest (`<name>@sha256:...` of this very run) instead of
// `:latest`, so two runs (or a pull request and main) never test each other's image; each job gets
// only the token permissions it needs (the original granted `packages: write` to every job); the
// fork pull request that cannot push still gets its docs, lint and test scripts run, in the image it
// built itself (`build-container_fork`), instead of failing when it touches the Dockerfile.
// Kept: the build is skipped when `images/Dockerfile.build` is unchanged (`reuseUnchanged` on that
// file, as the original's actions/cache marker keyed by its hash and CACHE_VERSION), and then the
// consumers get the digest of the image built from it, where the original's skip left them `:latest`,
// whatever pushed it last. The reuse tag `inputs-<settings>-<hash>` is pushed by default-branch
// builds only; a pull request reuses what main built, and a fork's pull request always builds.
// Approximated: the hash is still published as the job output `tag`, but the image is not also tagged
// `:latest` and `:<hash>` (a build job pushes `:<sha>`, the reuse tag and, with metadataTags, the
// metadata-action tags only). On a fork pull request the cargo cache steps (actions) are not replayed.
import { Project } from 'projen';
import { Concurrency, ContainerTestJob, DockerBuildJob, GhaCache, JobOutput, ReuseUnchanged, Workflow } from 'projen-docker-ci';

/** Bumped to rebuild the builder image and the cargo caches. Literal in the build args, so that it is part of the reuse key. */
const CACHE_VERSION = 'v0';

/** A cargo cache per job, keyed by the lock file (actions/cache v5.0.5, resolved from its own tag). */
function cargoCache(job: string) {
  return {
    name: 'Cargo cache',
    uses: 'actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5',
    with: {
      path: '~/.cargo/registry\n~/.cargo/git\ntarget',
      key: `${job}-\${{ runner.os }}-\${{ hashFiles('**/Cargo.lock') }}-\${{ env.CACHE_VERSION }}`,
    },
  };
}

const project = new Project({ name: '12-aurae' });
const ci = new Workflow(project, 'build-with-containers', {
  name: 'Build',
  triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } },
  env: { CARGO_TERM_COLOR: 'always', CACHE_VERSION },
});

const builder = new DockerBuildJob(ci, 'build-container', {
  name: 'Build container image',
  image: `${DockerBuildJob.REPOSITORY_IMAGE}/aurae-builder`,
  file: 'images/Dockerfile.build',
  buildArgs: { CACHE_VERSION },
  cache: GhaCache.max(),
  // The original's skip: the file its marker hashes. A change to anything else the Dockerfile copies does not rebuild, as there.
  reuseUnchanged: ReuseUnchanged.whenFilesMatch(['images/Dockerfile.build']),
  concurrency: Concurrency.group("${{ format('{0}-{1}', github.ref, github.job) }}"),
  checkout: { fetchDepth: 0 },
  preBuildSteps: [
    { id: 'image-tag', name: 'Hash the builder Dockerfile', run: "echo \"tag=${{ hashFiles('images/Dockerfile.build') }}\" >> \"$GITHUB_OUTPUT\"" },
  ],
  outputs: { tag: JobOutput.fromStep('image-tag', 'tag') },
});

new ContainerTestJob(ci, 'build-docs-with-container', {
  name: 'Build Docs',
  image: builder,
  steps: [
    cargoCache('docs'),
    { name: 'Check docs', run: 'make check-docs' },
    { name: 'Docs', run: 'make docs' },
  ],
});

new ContainerTestJob(ci, 'build', {
  name: 'Build (lint, compile, test)',
  image: builder,
  timeoutMinutes: 20,
  steps: [
    cargoCache('lint-test'),
    { name: 'Lint', run: 'make lint' },
    { name: 'Tests', run: 'make testci' },
  ],
});

project.synth();
