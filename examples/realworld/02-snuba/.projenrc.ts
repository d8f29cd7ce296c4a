// Re-declares getsentry/snuba .github/workflows/ci.yml at 9bb62302 (2023-09-15): a change detector, four
// lint and check jobs, one CI image build, and the jobs that run that image with docker compose or
// `docker run` on the runner (the test matrix, Sentry's suite against Snuba, ClickHouse 21), plus the
// Docker Hub publication of the image Cloud Build makes.
//
// Kept better: the CI image is built once, pushed to GHCR by digest, and every consumer pulls exactly
// that digest (the original pushes sha, branch and latest tags and has each consumer rebuild the image
// from the registry cache); the layer cache is the branch-isolated GitHub Actions cache, not registry
// tags that every pull request of the repository writes and master reads; secrets reach scripts only
// through `env:` (the original interpolates GITHUB_TOKEN and the Docker Hub token into `run:`); the app
// token that pushes pre-commit's fixes may only write contents; actions are pinned to commit SHAs;
// `sentry-full` needs `files-changed`, whose output its `if` reads (the original reads it without
// needing the job, so the condition is never true, and gives the job no runner); the retired
// `ubuntu-20.04` runner is `ubuntu-24.04`.
// Approximated: change detection, pre-commit on changed files, the fix-up commit, Sentry's setup action
// and the Docker Hub copy are placeholder scripts (the original uses paths-filter and a commit action);
// Volta is setup-node reading the `volta` field; `sentry` runs the image built with Rust (the original
// rebuilds one without). The jobs that run the image on the runner declare it (`images:`), so each
// logs in, pulls the digest and tags it `snuba-test` before its steps, and is skipped when nothing was
// pushed: on a pull request from a fork they do not run (the original rebuilds the image in each of
// them; the library has no hand-off that works without a push).
import { Project } from 'projen';
import { DockerBuildJob, GhaCache, JobOutput, Matrix, RunnerJob, Step, Workflow } from 'projen-docker-ci';

const project = new Project({ name: '02-snuba' });
const ci = new Workflow(project, 'ci', {
  name: 'ci',
  triggers: { push: { branches: ['master'] }, pullRequest: {} },
});

const SETUP_PYTHON: Step = {
  uses: 'actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97 # v7.0.0',
  with: { 'python-version': '3.8' },
};
const INSTALL_PYTHON_DEPS: Step = { name: 'Install dependencies', run: 'make install-python-dependencies' };
const CODECOV: Step = {
  name: 'Upload to codecov',
  uses: 'codecov/codecov-action@671740ac38dd9b0130fbe1cec585b89eea48d3de # v5.5.2',
  with: { token: '${{ secrets.CODECOV_TOKEN }}' },
};

const filesChanged = new RunnerJob(ci, 'files-changed', {
  name: 'detect what files changed',
  timeoutMinutes: 3,
  checkout: { fetchDepth: 0 },
  outputs: Object.fromEntries(['datasets', 'backend_dependencies', 'backend_any_type', 'migration_lockfile', 'plugins']
    .map((name) => [name, JobOutput.fromStep('changes', name)])),
  steps: [{
    name: 'Check for backend file changes',
    id: 'changes',
    env: { BASE_SHA: '${{ github.event.pull_request.base.sha || github.event.before }}' },
    run: './ci/changed-areas.sh "$BASE_SHA" .github/file-filters.yml >> "$GITHUB_OUTPUT"',
  }],
});

const linting = new RunnerJob(ci, 'linting', {
  name: 'pre-commit hooks',
  timeoutMinutes: 5,
  checkout: { fetchDepth: 0 },
  steps: [
    {
      name: 'Internal github app token',
      id: 'token',
      continueOnError: true,
      uses: 'actions/create-github-app-token@1b10c78c7865c340bc4f6099eb2f838309f1e8c3 # v3.1.1',
      with: {
        'client-id': '${{ vars.SENTRY_INTERNAL_APP_CLIENT_ID }}',
        'private-key': '${{ secrets.SENTRY_INTERNAL_APP_PRIVATE_KEY }}',
        // Only what pushing the fix-up commit needs, not the installation's every permission.
        'permission-contents': 'write',
      },
    },
    SETUP_PYTHON,
    { name: 'Setup pre-commit', run: 'make setup-git' },
    INSTALL_PYTHON_DEPS,
    {
      name: 'Run pre-commit checks',
      env: { SKIP: 'no-commit-to-branch', BASE_SHA: '${{ github.event.pull_request.base.sha || github.event.before }}' },
      run: 'pre-commit run --from-ref "$BASE_SHA" --to-ref HEAD',
    },
    {
      name: 'Apply any pre-commit fixed files',
      if: "steps.token.outcome == 'success' && github.ref != 'refs/heads/master' && always()",
      env: { GITHUB_TOKEN: '${{ steps.token.outputs.token }}' },
      run: './ci/commit-fixes.sh',
    },
  ],
});

new RunnerJob(ci, 'rust-linting', {
  name: 'Linting - Rust',
  timeoutMinutes: 10,
  steps: [{ name: 'Run linter', run: 'make lint-rust' }],
});

new RunnerJob(ci, 'typing', {
  name: 'mypy typing',
  timeoutMinutes: 5,
  steps: [SETUP_PYTHON, INSTALL_PYTHON_DEPS, { name: 'Run mypy', run: 'make backend-typing' }],
});

new RunnerJob(ci, 'config-validation', {
  name: 'Dataset Config Validation',
  timeoutMinutes: 2,
  steps: [SETUP_PYTHON, INSTALL_PYTHON_DEPS, { name: 'Validate configs', run: 'make validate-configs' }],
});

const image = new DockerBuildJob(ci, 'snuba-image', {
  name: 'Build snuba CI image',
  timeoutMinutes: 20,
  image: 'ghcr.io/getsentry/snuba-ci',
  target: 'testing',
  buildArgs: { SHOULD_BUILD_RUST: 'true' },
  cache: GhaCache.max(),
  // sha, branch and pull request tags for people; latest only on master.
  metadataTags: true,
});

/** The CI image on the runner: the digest this run pushed, pulled and tagged `snuba-test`. */
const ciImage = [image.onRunner({ env: 'SNUBA_CI_IMAGE', localTag: 'snuba-test' })];

const settings = (...values: string[]) => values.map((v) => `matrix.snuba_settings == '${v}'`).join(' || ');
new RunnerJob(ci, 'tests', {
  images: ciImage,
  name: 'Tests and code coverage',
  needs: [linting, image],
  timeoutMinutes: 30,
  strategy: { domain: { snuba_settings: ['test', 'test_rust', 'test_distributed', 'test_distributed_migrations'] } },
  env: { SNUBA_IMAGE: 'snuba-test', SNUBA_SETTINGS: Matrix.value('snuba_settings') },
  steps: [
    { name: 'Docker set up', run: 'docker network create --attachable cloudbuild' },
    { name: 'Docker Snuba Rust tests', if: settings('test_rust'), run: 'docker compose -f docker-compose.gcb.yml run --rm snuba-test-rust' },
    { name: 'Docker Snuba tests', if: settings('test', 'test_distributed'), run: 'docker compose -f docker-compose.gcb.yml run --rm snuba-test' },
    {
      name: 'Docker Snuba Multi-Node Tests',
      if: settings('test_distributed_migrations'),
      env: { TEST_LOCATION: 'test_distributed_migrations' },
      run: 'docker compose --profile multi_node -f docker-compose.gcb.yml up -d\ndocker compose --profile multi_node -f docker-compose.gcb.yml run --rm snuba-test',
    },
    {
      name: 'Docker Snuba Init Tests',
      if: settings('test'),
      env: { SNUBA_SETTINGS: 'test_initialization', TEST_LOCATION: 'test_initialization' },
      run: 'docker compose -f docker-compose.gcb.yml run --rm snuba-test',
    },
    CODECOV,
  ],
});

new RunnerJob(ci, 'admin-tests', {
  name: 'Front end tests for snuba admin',
  needs: [linting],
  steps: [
    {
      name: 'Node from the volta field',
      uses: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0',
      with: { 'node-version-file': 'snuba/admin/package.json' },
    },
    { name: 'Set up and run tests through yarn', workingDirectory: 'snuba/admin', run: 'yarn install --frozen-lockfile\nyarn test --coverage' },
    CODECOV,
  ],
});

const SENTRY_CHECKOUT: Step = {
  name: 'Checkout sentry',
  uses: 'actions/checkout@1af3b93b6815bc44a9784bd300feb67ff0d1eeb3 # v6.0.0',
  with: { 'repository': 'getsentry/sentry', 'path': 'sentry', 'persist-credentials': 'false' },
};
const sentry = new RunnerJob(ci, 'sentry', {
  images: ciImage,
  needs: [image],
  timeoutMinutes: 20,
  env: { MIGRATIONS_TEST_MIGRATE: '1' },
  steps: [
    SENTRY_CHECKOUT,
    { name: 'Setup Sentry', run: './ci/setup-sentry.sh sentry --kafka --clickhouse' },
    { name: 'Start snuba', run: './ci/start-snuba.sh snuba-test sentry' },
    { name: 'Run snuba tests', workingDirectory: 'sentry', run: 'make test-snuba' },
  ],
});

new RunnerJob(ci, 'sentry-full', {
  needs: [sentry],
  if: `${filesChanged.output('datasets').expression} == 'true'`,
  checkout: { enabled: false },
  steps: [SENTRY_CHECKOUT, { name: 'Run tests', workingDirectory: 'sentry', run: 'make test-snuba-full' }],
});

new RunnerJob(ci, 'clickhouse-21', {
  images: ciImage,
  name: 'Tests on Clickhouse 21',
  needs: [linting, image],
  timeoutMinutes: 30,
  steps: [
    { name: 'Docker set up', run: 'docker network create --attachable cloudbuild' },
    {
      name: 'Docker Snuba Test Clickhouse 21',
      env: { CLICKHOUSE_IMAGE: 'altinity/clickhouse-server:21.8.13.1.altinitystable', SNUBA_IMAGE: 'snuba-test', SNUBA_SETTINGS: 'test' },
      run: 'docker compose -f docker-compose.gcb.yml run --rm snuba-test',
    },
    CODECOV,
  ],
});

// The image Google Cloud Build pushes for this commit, copied to Docker Hub under three tags.
new RunnerJob(ci, 'publish-to-dockerhub', {
  name: 'Publish Snuba to DockerHub',
  runsOn: ['ubuntu-24.04'],
  if: "github.ref_name == 'master'",
  env: { IMAGE_URL: 'us.gcr.io/sentryio/snuba:${{ github.sha }}' },
  steps: [
    { name: 'Wait for the Cloud Build image', run: './ci/wait-for-image.sh "$IMAGE_URL" 20m' },
    {
      name: 'Push built docker image',
      env: { DOCKER_HUB_TOKEN: '${{ secrets.DOCKER_HUB_RW_TOKEN }}' },
      run: './ci/publish-dockerhub.sh "$IMAGE_URL" getsentry/snuba "$GITHUB_SHA" "$(git rev-parse --short HEAD)" nightly',
    },
  ],
});

project.synth();
