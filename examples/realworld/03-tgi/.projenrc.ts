// Re-declares huggingface/text-generation-inference .github/workflows/build.yaml at a95e6d60
// (2024-04-19): start a GPU runner on EC2, build and push the CUDA image to the internal registry
// (reached over Tailscale) on it, run the integration tests against that image, build the ROCm image,
// and stop the runner whatever happened.
//
// Kept better: the integration tests run the exact digest the build pushed (the original rebuilds the
// `sha-<short>` tag name, which a concurrent run can move); the build jobs get `contents: read` and
// `packages: write` instead of also `contents: write`, `id-token: write` and `security-events: write`,
// which no step used; secrets reach scripts through `env:` (the original exports the Hub token inside
// `run:`); nothing runs an action from a moving branch (the original starts and stops the runner with
// an action at `@main`, handing it a personal access token).
// Approximated: the runner start/stop, Tailscale and the GHCR and Azure copies are placeholder scripts;
// the library pushes to one registry, so the copies of the pushed digest to GHCR and Azure are
// post-build steps (given `packages: write` by hand); its metadata tags are sha, branch, pr and
// semver (`{{major}}.{{minor}}` is not among them); its tag scheme has no suffix, so the ROCm variant,
// which the original tags `<tag>-rocm` in the same repository, gets a repository of its own; the
// `github-slug-action` short SHA is computed in a step. The integration tests log in to the internal
// registry in their own test step, not through `images: [cuda.onRunner()]`: the registry is reached
// over Tailscale, which the job's own steps start, and a declared image is pulled before them.
import { Project } from 'projen';
import {
  Concurrency, DockerBuildJob, Job, JobOutput, PermissionLevel, Registry, RegistryCache, RunnerJob, Step, Workflow,
} from 'projen-docker-ci';

const project = new Project({ name: '03-tgi' });
const ci = new Workflow(project, 'build', {
  name: 'Build and push docker image to internal registry',
  triggers: {
    workflowDispatch: {},
    push: { branches: ['main'], tags: ['v*'] },
    pullRequest: {
      branches: ['main'],
      paths: [
        '.github/workflows/build.yml', 'integration-tests/**', 'server/**', 'proto/**', 'router/**', 'launcher/**',
        'Cargo.lock', 'rust-toolchain.toml', 'Dockerfile',
      ],
    },
  },
});

const AWS_ENV = {
  AWS_ACCESS_KEY_ID: '${{ secrets.AWS_ACCESS_KEY_ID }}',
  AWS_SECRET_ACCESS_KEY: '${{ secrets.AWS_SECRET_ACCESS_KEY }}',
  GH_RUNNER_TOKEN: '${{ secrets.GH_PERSONAL_ACCESS_TOKEN }}',
};
const startRunner = new RunnerJob(ci, 'start-runner', {
  name: 'Start self-hosted EC2 runner',
  env: {
    AWS_REGION: 'us-east-1',
    EC2_AMI_ID: 'ami-03cfed9ea28f4b002',
    EC2_INSTANCE_TYPE: 'g5.12xlarge',
    EC2_SUBNET_ID: 'subnet-931b34f5,subnet-ecb993cd,subnet-943dc2d8,subnet-45371f1a,subnet-ee93e0df,subnet-fddc3dfc',
    EC2_SECURITY_GROUP: 'sg-030175c435ac141d6',
  },
  outputs: {
    'label': JobOutput.fromStep('start-ec2-runner', 'label'),
    'ec2-instance-id': JobOutput.fromStep('start-ec2-runner', 'ec2-instance-id'),
  },
  steps: [{ name: 'Start EC2 runner', id: 'start-ec2-runner', env: AWS_ENV, run: './ci/ec2-runner.sh start >> "$GITHUB_OUTPUT"' }],
});
const onRunner = [startRunner.output('label').value];

const TAILSCALE: Step = { name: 'Tailscale', env: { TAILSCALE_AUTHKEY: '${{ secrets.TAILSCALE_AUTHKEY }}' }, run: './ci/tailscale-up.sh' };
const SHORT_SHA: Step = { name: 'Short commit SHA', run: 'echo "GITHUB_SHA_SHORT=${GITHUB_SHA::8}" >> "$GITHUB_ENV"' };
const INTERNAL = Registry.custom({
  host: 'registry.internal.huggingface.tech',
  usernameSecret: 'TAILSCALE_DOCKER_USERNAME',
  passwordSecret: 'TAILSCALE_DOCKER_PASSWORD',
});
const REPOSITORY = 'registry.internal.huggingface.tech/api-inference/community/text-generation-inference';

/** A build on the EC2 runner, its digest also copied to GHCR and Azure on runs that are not pull requests. */
function imageBuild(id: string, image: string, file: string, suffix: string, needs: Job[]): DockerBuildJob {
  return new DockerBuildJob(ci, id, {
    needs,
    runsOn: onRunner,
    concurrency: Concurrency.group(`\${{ github.workflow }}-${id}-\${{ github.head_ref || github.run_id }}`, { cancelInProgress: true }),
    image,
    registry: INTERNAL,
    file,
    buildArgs: { GIT_SHA: '${{ github.sha }}', DOCKER_LABEL: `sha-\${{ env.GITHUB_SHA_SHORT }}${suffix}` },
    cache: RegistryCache.min({ ref: `${REPOSITORY}:cache${suffix}` }),
    metadataTags: true,
    preBuildSteps: [SHORT_SHA, TAILSCALE],
    permissions: { packages: PermissionLevel.WRITE },
    postBuildSteps: [{
      name: 'Copy the image to GHCR and Azure',
      if: "github.event_name != 'pull_request' && steps.build.outputs.digest != ''",
      env: {
        SOURCE: `${image}@\${{ steps.build.outputs.digest }}`,
        TAGS: '${{ steps.meta.outputs.tags }}',
        GHCR_TOKEN: '${{ secrets.GITHUB_TOKEN }}',
        AZURE_DOCKER_USERNAME: '${{ secrets.AZURE_DOCKER_USERNAME }}',
        AZURE_DOCKER_PASSWORD: '${{ secrets.AZURE_DOCKER_PASSWORD }}',
      },
      run: `./ci/copy-image.sh "$SOURCE" ghcr.io/huggingface/text-generation-inference${suffix} db4c2190dd824d1f950f5d1555fbadf0.azurecr.io/text-generation-inference${suffix}`,
    }],
  });
}

const cuda = imageBuild('build-and-push-image', REPOSITORY, 'Dockerfile', '', [startRunner]);

const integration = new RunnerJob(ci, 'integration-tests', {
  needs: [startRunner, cuda],
  // No image on a pull request from a fork: nothing to test.
  if: `${cuda.imageExpression} != ''`,
  runsOn: onRunner,
  concurrency: Concurrency.group('${{ github.workflow }}-${{ github.job }}-${{ github.head_ref || github.run_id }}', { cancelInProgress: true }),
  env: { DOCKER_VOLUME: '/cache' },
  outputEnv: { DOCKER_IMAGE: cuda.output('image') },
  steps: [
    { uses: 'actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0', with: { 'python-version': '3.9' } },
    TAILSCALE,
    { name: 'Prepare disks', run: './ci/mount-nvme.sh "$DOCKER_VOLUME"' },
    { name: 'Install', run: 'make install-integration-tests' },
    {
      name: 'Run tests',
      env: {
        HUGGING_FACE_HUB_TOKEN: '${{ secrets.HUGGING_FACE_HUB_TOKEN }}',
        REGISTRY_USER: cuda.pullCredentials.username,
        REGISTRY_PASSWORD: cuda.pullCredentials.password,
      },
      run: 'echo "$REGISTRY_PASSWORD" | docker login registry.internal.huggingface.tech -u "$REGISTRY_USER" --password-stdin\npytest -s -vv integration-tests',
    },
  ],
});

const rocm = imageBuild('build-and-push-image-rocm', `${REPOSITORY}-rocm`, 'Dockerfile_amd', '-rocm', [startRunner, cuda, integration]);

new RunnerJob(ci, 'stop-runner', {
  name: 'Stop self-hosted EC2 runner',
  needs: [startRunner, cuda, rocm, integration],
  // Also when a job before failed or was cancelled: the instance must not keep running.
  if: 'always()',
  env: { AWS_REGION: 'us-east-1' },
  outputEnv: { RUNNER_LABEL: startRunner.output('label'), EC2_INSTANCE_ID: startRunner.output('ec2-instance-id') },
  steps: [{ name: 'Stop EC2 runner', env: AWS_ENV, run: './ci/ec2-runner.sh stop "$RUNNER_LABEL" "$EC2_INSTANCE_ID"' }],
});

project.synth();
