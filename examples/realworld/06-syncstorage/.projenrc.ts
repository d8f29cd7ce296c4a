// Re-declares mozilla-services/syncstorage-rs .github/workflows/mysql.yml at 7bffadcd (2026-02-27):
// unit tests beside a MySQL service, then an image build, then end-to-end tests that run that image
// with docker compose on the runner. The scripts are placeholders of ours.
//
// Kept better: the image goes to GHCR by digest (`name@sha256:...`) and the e2e job runs exactly that
// digest, instead of a `docker save` tarball passed through an artifact and loaded as `app:build`;
// the build's gha cache has its own scope and is written only by trusted runs; every action is
// pinned to a commit; each job gets only the token permissions it needs (`checks: write` for the test
// reports, and `packages: read` for the pull, which the declared image gives); `version.json` reads the ref through `env:`, not by
// interpolating it into the script; reports upload on `!cancelled()` instead of `always()`.
// The e2e job declares the image (`images:`): it pulls the digest into $SYNCSTORAGE_RS_IMAGE before
// its steps and is skipped when nothing was pushed.
// Approximated: so on a pull request from a fork the e2e job does not run, where the original tested
// the tarball; the library has no artifact hand-off for a job on the runner.
import { Project } from 'projen';
import { DockerBuildJob, GhaCache, PermissionLevel, RunnerJob, Step, Workflow } from 'projen-docker-ci';

const project = new Project({ name: '06-syncstorage' });
const mysql = new Workflow(project, 'mysql', {
  name: 'MySQL Build and Test',
  triggers: {
    pullRequest: { types: ['opened', 'synchronize'] },
    push: { branches: ['master'], tags: ['**'] },
    workflowDispatch: {},
  },
  env: { RUST_VERSION: '1.91', PYTHON_VERSION: '3.12' },
});

const RESULTS = 'workflow/test-results';
const ON_MASTER = "github.ref == 'refs/heads/master'";

/** The build metadata file the service serves; the ref reaches the script through env. */
const versionJson: Step = {
  name: 'Create version.json',
  run: './ci/version-json.sh > version.json',
  env: { VERSION_REF: '${{ github.ref_name }}', RUN_URL: '${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}' },
};

/** The JUnit summary on the run's checks, then (on master) the results to the metrics bucket. */
function publishResults(title: string, uploads: { kind: string; glob: string }[]): Step[] {
  return [
    {
      name: `Publish ${title}`,
      if: '${{ !cancelled() }}',
      uses: 'dorny/test-reporter@a43b3a5f7366b97d083190328d2c652e1a8b6aa2 # v3.0.0',
      with: { 'name': title, 'path': `${RESULTS}/*.xml`, 'reporter': 'java-junit', 'fail-on-error': 'false' },
    },
    {
      name: 'Authenticate to Google Cloud',
      if: ON_MASTER,
      uses: 'google-github-actions/auth@7c6bc770dae815cd3e89ee6cdf493a5fab2cc093 # v3.0.0',
      with: { credentials_json: '${{ secrets.ETE_GCLOUD_SERVICE_KEY }}' },
    },
    ...uploads.map((u): Step => ({
      name: `Upload ${u.kind} results to GCS`,
      if: ON_MASTER,
      uses: 'google-github-actions/upload-cloud-storage@6397bd7208e18d13ba2619ee21b9873edc94427a # v3.0.0',
      with: {
        path: RESULTS,
        destination: `ecosystem-test-eng-metrics/syncstorage-rs/${u.kind}`,
        glob: u.glob,
        parent: 'false',
        process_gcloudignore: 'false',
      },
    })),
  ];
}

const unit = new RunnerJob(mysql, 'build-and-test-mysql', {
  services: [{
    name: 'mysql',
    image: 'mysql:8.0',
    env: { MYSQL_ROOT_PASSWORD: 'password', MYSQL_USER: 'test', MYSQL_PASSWORD: 'test', MYSQL_DATABASE: 'syncstorage' },
    ports: ['3306:3306'],
    options: '--health-cmd="mysqladmin ping" --health-interval=10s --health-timeout=5s --health-retries=5',
  }],
  env: {
    SYNC_SYNCSTORAGE__DATABASE_URL: 'mysql://test:test@127.0.0.1/syncstorage',
    SYNC_TOKENSERVER__DATABASE_URL: 'mysql://test:test@127.0.0.1/tokenserver',
    SYNC_TOKENSERVER__NODE_TYPE: 'spanner',
    RUST_BACKTRACE: '1',
    RUST_TEST_THREADS: '1',
  },
  permissions: { checks: PermissionLevel.WRITE },
  steps: [
    { uses: './.github/actions/setup-rust', with: { 'workspace-path': RESULTS } },
    { uses: './.github/actions/setup-python', with: { 'workspace-path': RESULTS } },
    { name: 'Create the tokenserver database', run: './ci/mysql.sh create-tokenserver-db' },
    versionJson,
    { name: 'Install the test tools', run: './ci/install-test-tools.sh' },
    { name: 'Unit tests with coverage', run: './ci/test.sh unit' },
    { name: 'Unit tests with coverage (quota enforced)', run: './ci/test.sh unit', env: { SYNC_SYNCSTORAGE__ENFORCE_QUOTA: '1' } },
    ...publishResults('MySQL Unit Tests', [{ kind: 'junit', glob: '*.xml' }, { kind: 'coverage', glob: '*.json' }]),
  ],
  reports: [{ name: 'mysql-test-results', path: `${RESULTS}/` }],
});

const image = new DockerBuildJob(mysql, 'build-mysql-image', {
  needs: [unit],
  image: `${DockerBuildJob.REPOSITORY_IMAGE}/mysql`,
  buildArgs: { SYNCSTORAGE_DATABASE_BACKEND: 'mysql', TOKENSERVER_DATABASE_BACKEND: 'mysql' },
  cache: GhaCache.max(),
  preBuildSteps: [versionJson],
});

new RunnerJob(mysql, 'mysql-e2e-tests', {
  images: [image.onRunner({ env: 'SYNCSTORAGE_RS_IMAGE' })],
  permissions: { checks: PermissionLevel.WRITE },
  steps: [
    { name: 'MySQL e2e tests', run: `mkdir -p ${RESULTS}\n./ci/test.sh e2e-mysql` },
    ...publishResults('MySQL E2E Tests', [{ kind: 'junit', glob: '*.xml' }]),
  ],
  reports: [{ name: 'mysql-e2e-test-results', path: `${RESULTS}/` }],
});

project.synth();
