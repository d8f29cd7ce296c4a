// Re-declares AppFlowy-IO/AppFlowy-Cloud .github/workflows/integration_test.yml at fda1806f (2025-06-27):
// the server images are built once, then four integration test suites start the whole stack with
// docker compose on the runner and run cargo tests against it. The scripts are placeholders of ours.
//
// Kept better: one build job per image (`setup` builds appflowy_cloud, two more build the worker and
// the admin frontend, in parallel) instead of one `docker compose build` saved to gzipped tarballs
// and an artifact; each image goes to GHCR by digest and the test legs declare the three images
// (`images:`), so each leg pulls exactly those digests and tags them with the names
// docker-compose-ci.yml runs (`appflowyinc/<service>:latest`, as the original's `docker load` did);
// each image has its own gha layer cache (the original exported an inline cache nobody imported);
// every action is pinned to a commit; the secrets reach the `.env` writer through `env:` instead of
// being interpolated into a sed script; a new push to a pull request cancels its older runs, but
// pushes to main are never cancelled (the original's group cancelled those too); each matrix leg
// keeps its own cargo cache key instead of four legs racing for one.
// Approximated: the test job is skipped when an image was not pushed (a pull request from a fork,
// which also has none of the secrets the original needs); `dtolnay/rust-toolchain@stable` (a moving
// branch, no release tag to pin) becomes a rustup step; the host's protobuf install in the build job
// is dropped (the Dockerfiles build inside the image).
import { Project } from 'projen';
import { DockerBuildJob, GhaCache, Matrix, RunnerJob, Workflow } from 'projen-docker-ci';

const project = new Project({ name: '07-appflowy' });
const SOURCES = ['src/**', 'libs/**', 'services/**', 'admin_frontend/**'];
const ci = new Workflow(project, 'integration_test', {
  name: 'AppFlowy-Cloud Integrations',
  triggers: {
    push: { branches: ['main'], paths: SOURCES },
    pullRequest: { branches: ['main'], paths: SOURCES },
  },
  env: {
    LOCALHOST_URL: 'http://localhost',
    LOCALHOST_WS: 'ws://localhost/ws/v1',
    LOCALHOST_WS_V2: 'ws://localhost/ws/v2',
    APPFLOWY_REDIS_URI: 'redis://redis:6379',
    APPFLOWY_AI_REDIS_URL: 'redis://redis:6379',
    LOCALHOST_GOTRUE: 'http://localhost/gotrue',
    POSTGRES_PASSWORD: 'password',
    DATABASE_URL: 'postgres://postgres:password@localhost:5432/postgres',
    SQLX_OFFLINE: 'true',
    RUST_TOOLCHAIN: '1.86.0',
    APPFLOWY_AI_VERSION: '0.9.38-amd64',
  },
});

// The Dockerfiles docker-compose.yml builds these services from (context: the repository root).
const cloud = new DockerBuildJob(ci, 'setup', {
  name: 'Build the appflowy_cloud image',
  image: `${DockerBuildJob.REPOSITORY_IMAGE}/appflowy_cloud`,
  file: 'Dockerfile',
  buildArgs: { PROFILE: 'debug', FEATURES: '' },
  cache: GhaCache.max(),
});
const worker = new DockerBuildJob(ci, 'setup_appflowy_worker', {
  name: 'Build the appflowy_worker image',
  image: `${DockerBuildJob.REPOSITORY_IMAGE}/appflowy_worker`,
  file: 'services/appflowy-worker/Dockerfile',
  buildArgs: { PROFILE: 'debug' },
  cache: GhaCache.max(),
});
const admin = new DockerBuildJob(ci, 'setup_admin_frontend', {
  name: 'Build the admin_frontend image',
  image: `${DockerBuildJob.REPOSITORY_IMAGE}/admin_frontend`,
  file: 'admin_frontend/Dockerfile',
  buildArgs: { PROFILE: 'debug' },
  cache: GhaCache.max(),
});

new RunnerJob(ci, 'test', {
  name: 'Integration Tests',
  timeoutMinutes: 60,
  strategy: {
    include: [
      { test_service: 'appflowy_cloud', test_cmd: '--workspace --exclude appflowy-ai-client --features ai-test-enabled' },
      { test_service: 'appflowy_cloud_new_sync', test_cmd: '--features sync-v2 --test main collab' },
      { test_service: 'appflowy_worker', test_cmd: '-p appflowy-worker' },
      { test_service: 'admin_frontend', test_cmd: '-p admin_frontend' },
    ],
  },
  // The stack needs all three images: the job is skipped unless all three were pushed (not on a fork's pull request).
  images: [
    cloud.onRunner({ env: 'CLOUD_IMAGE', localTag: 'appflowyinc/appflowy_cloud:latest' }),
    worker.onRunner({ env: 'WORKER_IMAGE', localTag: 'appflowyinc/appflowy_worker:latest' }),
    admin.onRunner({ env: 'ADMIN_FRONTEND_IMAGE', localTag: 'appflowyinc/admin_frontend:latest' }),
  ],
  steps: [
    { name: 'Rust toolchain', run: 'rustup toolchain install "$RUST_TOOLCHAIN" --profile minimal\nrustup default "$RUST_TOOLCHAIN"' },
    { uses: 'Swatinem/rust-cache@6323deb102c322ba6fcbdcafc7e3dddab59af2b6 # v2.9.2', with: { key: Matrix.value('test_service') } },
    {
      name: 'Write .env for the CI stack',
      run: './ci/write-env.sh deploy.env > .env',
      env: {
        SMTP_USER: '${{ secrets.CI_GOTRUE_SMTP_USER }}',
        SMTP_PASS: '${{ secrets.CI_GOTRUE_SMTP_PASS }}',
        SMTP_ADMIN_EMAIL: '${{ secrets.CI_GOTRUE_SMTP_ADMIN_EMAIL }}',
        OPENAI_API_KEY: '${{ secrets.CI_OPENAI_API_KEY }}',
        ANTHROPIC_API_KEY: '${{ secrets.CI_AI_ANTHROPIC_API_KEY }}',
      },
    },
    { name: 'Let nginx accept any local port', run: './ci/nginx-any-port.sh nginx/nginx.conf' },
    {
      name: 'Log in to Docker Hub',
      run: 'echo "$DOCKER_HUB_TOKEN" | docker login -u "$DOCKER_HUB_USERNAME" --password-stdin',
      env: { DOCKER_HUB_USERNAME: '${{ secrets.DOCKER_HUB_USERNAME }}', DOCKER_HUB_TOKEN: '${{ secrets.DOCKER_HUB_ACCESS_TOKEN }}' },
    },
    { name: 'Start the stack', run: 'docker compose -f docker-compose-ci.yml up -d' },
    { name: 'Wait for the stack', run: './ci/wait-healthy.sh http://localhost/health' },
    { name: 'Install protoc', run: './ci/install-protoc.sh' },
    { name: 'Run Tests', run: 'cargo test $TEST_FLAGS -- --skip stress_test', env: { TEST_FLAGS: Matrix.value('test_cmd') } },
    { name: 'Server Logs', if: 'failure()', run: 'docker compose -f docker-compose-ci.yml logs' },
    { name: 'AI Logs', if: 'failure()', run: 'docker compose -f docker-compose-ci.yml logs ai' },
  ],
});

project.synth();
