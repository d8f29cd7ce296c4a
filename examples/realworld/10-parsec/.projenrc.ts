// Re-declares parallaxsecond/parsec .github/workflows/ci.yml at 9cca773c (2026-05-01): test jobs that
// run the CI script inside a prebuilt test image with `docker run`, where a manual run may first
// rebuild that image (or the cross-compilation one) from the commit. The scripts are placeholders of ours.
//
// Kept better: a manual run rebuilds an image when a boolean input says so (the original compared a
// free-text input with the image name), pushes it to GHCR by digest, and the test jobs run exactly
// that digest (the original passed a `docker save` tarball through an artifact and loaded it by
// name); otherwise they run the published image, as before. The test jobs run unless the run was
// cancelled or the requested rebuild failed: the original's `always()` could not be cancelled and
// tested the published image when the rebuild failed. `mismatcher` waits for a requested rebuild
// too (the original raced it); the link check fails on broken links (the original read the output
// of a step id that did not exist, so it never failed); actions are pinned to commits; outputs and
// inputs reach scripts through `env:`; each job gets only the permissions it needs.
// Approximated: the repository's local composite actions (`ci_script`, `load_docker`,
// `build_export_docker`) become the steps they stand for; `mismatcher`'s checkout of
// `inputs.rev` (an input the workflow does not declare, so always the default) is the default checkout.
// The test jobs pull a rebuilt image by hand, not through `images: [build.onRunner()]`: they run the
// published image when nothing was rebuilt, and a declared image's guard would skip them then.
import { Project } from 'projen';
import { DispatchInputType, DockerBuildJob, Job, PermissionLevel, RunnerJob, Step, Workflow } from 'projen-docker-ci';

const project = new Project({ name: '10-parsec' });
const ci = new Workflow(project, 'ci', {
  name: 'Continuous Integration',
  triggers: {
    push: {},
    pullRequest: {},
    workflowDispatch: {
      inputs: {
        trigger_test_all_docker: { description: 'Rebuild the parsec-service-test-all image from this commit and test with it', type: DispatchInputType.BOOLEAN, default: 'false' },
        trigger_test_cross_docker: { description: 'Rebuild the parsec-service-test-cross-compile image from this commit and test with it', type: DispatchInputType.BOOLEAN, default: 'false' },
      },
    },
  },
  env: { MSRV: '1.85.0' },
});

/** A test image, rebuilt from e2e_tests/docker_image only when a manual run asks for it. */
function testImage(id: string, input: string, name: string): DockerBuildJob {
  return new DockerBuildJob(ci, id, {
    if: `github.event_name == 'workflow_dispatch' && inputs.${input}`,
    image: `${DockerBuildJob.REPOSITORY_IMAGE}/${name}`,
    context: 'e2e_tests/docker_image',
    file: `e2e_tests/docker_image/${name}.Dockerfile`,
  });
}
const testAll = testImage('build-and-export-test-all-docker', 'trigger_test_all_docker', 'parsec-service-test-all');
const testCross = testImage('build-and-export-cross-compile-docker', 'trigger_test_cross_docker', 'parsec-service-test-cross-compile');

/** Runs after `build` unless the run was cancelled or a requested rebuild failed (a skipped one is fine). */
const afterRebuild = (build: Job) => `!cancelled() && needs.${build.jobId}.result != 'failure'`;

/** The rebuilt image's digest when there is one (pulled with the run's token), else the published image. */
function imageSteps(build: DockerBuildJob): Step[] {
  return [{
    name: 'Pull the image rebuilt by this run',
    if: `needs.${build.jobId}.outputs.image != ''`,
    run: 'echo "$GHCR_TOKEN" | docker login ghcr.io -u "$GITHUB_ACTOR" --password-stdin\ndocker pull "$REBUILT_IMAGE"',
    env: { GHCR_TOKEN: '${{ secrets.GITHUB_TOKEN }}' },
  }];
}

/** A job that runs the CI script with `flags` in the test image, on the runner. */
function ciScript(id: string, name: string, flags: string, rustVersion = 'stable'): RunnerJob {
  return new RunnerJob(ci, id, {
    name,
    if: afterRebuild(testAll),
    outputEnv: { REBUILT_IMAGE: testAll.output('image') },
    env: { TEST_IMAGE: 'ghcr.io/parallaxsecond/parsec-service-test-all', CI_FLAGS: flags },
    permissions: { packages: PermissionLevel.READ },
    steps: [
      ...imageSteps(testAll),
      {
        name: 'Run the CI script in the test image',
        run: 'docker run --rm -v "$PWD:/tmp/parsec" -w /tmp/parsec -e RUST_TOOLCHAIN_VERSION "${REBUILT_IMAGE:-$TEST_IMAGE}" /tmp/parsec/ci.sh $CI_FLAGS',
        // A step's env may read the workflow's (MSRV); the job's may not.
        env: { RUST_TOOLCHAIN_VERSION: rustVersion },
      },
    ],
  });
}

ciScript('all-providers', 'Various tests targeting a Parsec image with all providers included', 'all');
ciScript('build-all-providers-msrv', 'MSRV - Cargo check all-providers', 'cargo-check', '${{ env.MSRV }}');
ciScript('build-all-providers-stable', 'Cargo check all-providers (current Rust stable)', 'cargo-check');
ciScript('mbed-crypto-provider', 'Integration tests using Mbed Crypto provider', 'mbed-crypto');
ciScript('pkcs11-provider', 'Integration tests using PKCS 11 provider', 'pkcs11 --no-stress-test');
ciScript('tpm-provider', 'Integration tests using TPM provider', 'tpm');
ciScript('trusted-service-provider', 'Integration tests using Crypto Trusted Service provider', 'trusted-service');
ciScript('cryptoauthlib-provider', 'Integration tests using CryptoAuthentication Library provider', 'cryptoauthlib --no-stress-test');
ciScript('on-disk-kim', 'OnDiskKIM E2E tests on all providers', 'on-disk-kim');

new RunnerJob(ci, 'fuzz-test-checker', {
  name: 'Check that the fuzz testing framework is still working',
  if: afterRebuild(testAll),
  outputEnv: { REBUILT_IMAGE: testAll.output('image') },
  permissions: { packages: PermissionLevel.READ },
  steps: [
    ...imageSteps(testAll),
    // The fuzz script picks its image from CONTAINER_TAG, else its own default.
    { name: 'Fuzz test smoke run', run: 'CONTAINER_TAG="${REBUILT_IMAGE:-}" ./fuzz.sh test' },
  ],
});

new RunnerJob(ci, 'cross-compilation', {
  name: 'Cross-compile Parsec to various targets',
  if: afterRebuild(testCross),
  outputEnv: { REBUILT_IMAGE: testCross.output('image') },
  env: { TEST_IMAGE: 'ghcr.io/parallaxsecond/parsec-service-test-cross-compile' },
  permissions: { packages: PermissionLevel.READ },
  steps: [
    ...imageSteps(testCross),
    {
      name: 'Cross-compile in the test image',
      run: 'docker run --rm -v "$PWD:/tmp/parsec" -w /tmp/parsec "${REBUILT_IMAGE:-$TEST_IMAGE}" /tmp/parsec/test/cross-compile.sh',
    },
  ],
});

new RunnerJob(ci, 'links', {
  name: 'Check links',
  steps: [
    { name: 'Link Checker', id: 'lc', uses: 'peter-evans/link-checker@41c97244bb50a4a1b273d60abf5b5862b09f0c2d # v1.2.2', with: { args: '-v -r *.md' } },
    { name: 'Fail if there were link errors', run: 'exit "${LINK_ERRORS:-0}"', env: { LINK_ERRORS: '${{ steps.lc.outputs.exit_code }}' } },
  ],
});

new RunnerJob(ci, 'cargo-deny', {
  name: 'Run cargo deny',
  steps: [{ uses: 'EmbarkStudios/cargo-deny-action@91bf2b620e09e18d6eb78b92e7861937469acedb # v2.0.17', with: { 'rust-version': '${{ env.MSRV }}' } }],
});

// Waits for a requested rebuild of the image it runs in, like the other CI script jobs.
ciScript('mismatcher', 'Check for mismatched dependencies (those that have more than one version)', 'mismatcher');

project.synth();
