// Re-declares nginx-proxy/acme-companion .github/workflows/test.yml at 53e6ee08 (2021-07-07): one job
// builds the companion image, one fetches the nginx-proxy and docker-gen images, and two jobs test
// the companion on the runner with Docker (the official-images checks, and a 28-job integration
// matrix of test x setup x ACME CA).
//
// Kept better: the companion image is built with Buildx and a gha layer cache, pushed by digest, and
// every test job declares it (`images:`), so it pulls exactly that digest (`<name>@sha256:...`) and
// tags it `$IMAGE` (nginxproxy/acme-companion) before its steps, instead of a `docker save` tarball
// uploaded and downloaded as an artifact per job; nginx-proxy and docker-gen `:latest` are resolved
// once to digests, so all 28 matrix jobs test against the same images without an artifact each; each
// job has only the token permissions it needs (contents: read, packages: read to pull).
// Approximated: the test jobs stay on the runner (they start containers and edit /etc/hosts) and are
// skipped on a pull request from a fork, where nothing is pushed (the original's artifact reached
// them there; the library has no hand-off that works without a push, and its fork fallback replays
// container jobs only). The official-images test suite is cloned with git (the checkout the
// library writes is of this repository only). Scripts are placeholders.
import { Project } from 'projen';
import { DockerBuildJob, GhaCache, JobOutput, Matrix, RunnerJob, Workflow } from 'projen-docker-ci';

const project = new Project({ name: '13-acme-companion' });
const paths = ['docs/**', '*.md'];
const ci = new Workflow(project, 'test', {
  name: 'Tests',
  triggers: { workflowDispatch: {}, push: { pathsIgnore: paths }, pullRequest: { pathsIgnore: paths } },
  env: {
    DOCKER_GEN_CONTAINER_NAME: 'nginx-proxy-gen',
    IMAGE: 'nginxproxy/acme-companion',
    NGINX_CONTAINER_NAME: 'nginx-proxy',
    TEST_DOMAINS: 'le1.wtf,le2.wtf,le3.wtf',
  },
});

const companion = new DockerBuildJob(ci, 'companion-build', {
  image: 'ghcr.io/nginx-proxy/acme-companion',
  cache: GhaCache.max(),
  postBuildSteps: [{
    name: 'Inspect the pushed image',
    if: "steps.build.outputs.digest != ''",
    env: { DIGEST: '${{ steps.build.outputs.digest }}' },
    run: 'docker buildx imagetools inspect "ghcr.io/nginx-proxy/acme-companion@$DIGEST"',
  }],
});

// The two proxy images, resolved once so that every test job runs the same digests.
const proxy = new RunnerJob(ci, 'nginx-proxy-pull', {
  checkout: { enabled: false },
  steps: [{
    id: 'pull',
    name: 'Resolve nginx-proxy and docker-gen to digests',
    run: [
      'for image in nginxproxy/nginx-proxy nginxproxy/docker-gen; do docker pull "$image:latest"; done',
      'echo "nginx-proxy=$(docker inspect --format \'{{index .RepoDigests 0}}\' nginxproxy/nginx-proxy:latest)" >> "$GITHUB_OUTPUT"',
      'echo "docker-gen=$(docker inspect --format \'{{index .RepoDigests 0}}\' nginxproxy/docker-gen:latest)" >> "$GITHUB_OUTPUT"',
    ].join('\n'),
  }],
  outputs: {
    'nginx-proxy': JobOutput.fromStep('pull', 'nginx-proxy'),
    'docker-gen': JobOutput.fromStep('pull', 'docker-gen'),
  },
});

/** The image this run pushed, tagged with the workflow's `$IMAGE` name the test scripts run. */
const companionImage = companion.onRunner({ env: 'COMPANION_IMAGE', localTag: 'nginxproxy/acme-companion' });

new RunnerJob(ci, 'docker-specs-tests', {
  images: [companionImage],
  steps: [
    { name: 'Fetch the official-images test suite', run: 'git clone --depth 1 https://github.com/docker-library/official-images.git official-images' },
    { name: 'Docker specifications testing', run: 'official-images/test/run.sh "$IMAGE"' },
    { name: 'Container logs', if: 'failure()', run: './ci/container-logs.sh' },
  ],
});

const matrixEnv = { SETUP: Matrix.value('setup'), ACME_CA: Matrix.value('acme-ca') };
new RunnerJob(ci, 'integration-tests', {
  images: [companionImage],
  outputEnv: {
    NGINX_PROXY_IMAGE: proxy.output('nginx-proxy'),
    DOCKER_GEN_IMAGE: proxy.output('docker-gen'),
  },
  strategy: {
    failFast: false,
    domain: {
      'test-name': [
        'docker_api', 'location_config', 'certs_single', 'certs_san', 'certs_single_domain', 'certs_standalone', 'force_renew',
        'acme_accounts', 'private_keys', 'container_restart', 'permissions_default', 'permissions_custom', 'symlinks',
      ],
      'setup': ['2containers', '3containers'],
      'acme-ca': ['pebble'],
    },
    include: [
      { 'test-name': 'ocsp_must_staple', 'setup': '2containers', 'acme-ca': 'boulder' },
      { 'test-name': 'ocsp_must_staple', 'setup': '3containers', 'acme-ca': 'boulder' },
    ],
  },
  steps: [
    { name: 'Resolve the test domains to localhost', run: './ci/hosts.sh' },
    { name: 'Set up Pebble', if: "matrix.acme-ca == 'pebble'", run: './ci/setup-ca.sh pebble' },
    { name: 'Set up Boulder', if: "matrix.acme-ca == 'boulder'", run: './ci/setup-ca.sh boulder' },
    {
      name: 'Import the proxy images',
      run: [
        'docker pull "$NGINX_PROXY_IMAGE" && docker tag "$NGINX_PROXY_IMAGE" nginxproxy/nginx-proxy:latest',
        'docker pull "$DOCKER_GEN_IMAGE" && docker tag "$DOCKER_GEN_IMAGE" nginxproxy/docker-gen:latest',
      ].join('\n'),
    },
    { name: 'Set up nginx-proxy', env: matrixEnv, run: './ci/setup-proxy.sh' },
    { name: 'Integration testing', env: { ...matrixEnv, TEST_NAME: Matrix.value('test-name') }, run: './ci/integration.sh "$TEST_NAME" "$IMAGE"' },
    { name: 'Container logs', if: 'failure()', env: matrixEnv, run: './ci/container-logs.sh' },
  ],
});

project.synth();
