// Re-declares treeverse/lakeFS .github/workflows/nessie.yaml at 35f20087 (2021-01-26): a job checks that
// the AWS secrets exist (not on forks), a job builds the lakeFS image and pushes it to Amazon ECR, and
// a matrix job starts it with docker compose on the runner and runs the Nessie system tests against it.
//
// Kept better: the image is built with Buildx (gha layer cache) and pushed by digest; the system tests
// declare it (`images:`) and start exactly that digest (`LAKEFS_IMAGE=<registry>/lakefs@sha256:...`,
// pulled before their steps) instead of re-deriving the `sha-<short sha>` tag in a second job; both
// ECR logins are docker/login-action's own with the build's registry secrets (the AWS keys as user
// name and password), so no aws-actions step is needed; in the test job setup-go's own module
// and build cache replaces the hand-written actions/cache step, and the job that pushes the image
// reads no Go or npm cache (a poisoned one would end up in the published image); `::set-output` is
// `$GITHUB_OUTPUT`; ubuntu-20.04 (retired) is ubuntu-24.04; each job has only the permissions it needs.
// Approximated: the registry host is written literally (AWS's example account 123456789012), where
// the original keeps the account id in a secret: a build job's registry host cannot be an expression.
// The original skips the build when the tag already exists in ECR; here every run builds (cheap with the
// layer cache): `reuseUnchanged` keys on files and on the build settings as written, and the image
// embeds its commit (`VERSION=sha-<short sha>`, a build arg read at run time), so an image reused
// from another commit with the same files would report that commit. The two Google Cloud Storage steps the original turns off with `if: false` are left out.
// Scripts are placeholders.
import { Project } from 'projen';
import { DockerBuildJob, GhaCache, JobOutput, Matrix, Registry, RunnerJob, Workflow } from 'projen-docker-ci';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
/** actions/setup-go v6.5.0 (resolved from its own tag); `cache: false` where the job publishes an image (cache poisoning). */
const setupGo = (cache: boolean) => ({
  name: 'Set up Go',
  uses: 'actions/setup-go@924ae3a1cded613372ab5595356fb5720e22ba16 # v6.5.0',
  with: { 'go-version-file': 'go.mod', 'cache': String(cache) },
});
const runsOn = ['ubuntu-24.04'];

const project = new Project({ name: '14-lakefs' });
const ci = new Workflow(project, 'nessie', {
  name: 'Nessie',
  triggers: { pullRequest: {}, push: { branches: ['master'] } },
});

// Fork pull requests get no secrets: the jobs below are skipped there, as in the original.
const secrets = new RunnerJob(ci, 'check-secrets', {
  name: 'Check if secrets are available.',
  runsOn,
  checkout: { enabled: false },
  steps: [{
    id: 'enablejobs',
    env: { ENABLE_NEXT_JOBS: '${{ secrets.AWS_ACCESS_KEY_ID }}' },
    run: 'if [ -n "$ENABLE_NEXT_JOBS" ]; then available=true; else available=false; fi\necho "secretsavailable=$available" >> "$GITHUB_OUTPUT"',
  }],
  outputs: { secretsavailable: JobOutput.fromStep('enablejobs', 'secretsavailable') },
});

const lakefs = new DockerBuildJob(ci, 'deploy-image', {
  name: 'Build and push Docker image',
  needs: [secrets],
  if: "needs.check-secrets.outputs.secretsavailable == 'true'",
  runsOn,
  image: `${ECR}/lakefs`,
  registry: Registry.custom({ host: ECR, usernameSecret: 'AWS_ACCESS_KEY_ID', passwordSecret: 'AWS_SECRET_ACCESS_KEY' }),
  cache: GhaCache.max(),
  preBuildSteps: [
    { name: 'Set up Node.js (web UI)', uses: 'actions/setup-node@820762786026740c76f36085b0efc47a31fe5020 # v7.0.0', with: { 'node-version': '10.x', 'package-manager-cache': 'false' } },
    setupGo(false),
    { name: 'Generate code', run: 'make gen' },
    { id: 'version', name: 'Version', run: 'echo "tag=sha-$(git rev-parse --short HEAD)" >> "$GITHUB_OUTPUT"' },
  ],
  buildArgs: { VERSION: '${{ steps.version.outputs.tag }}' },
});

/** The test account's keys, for the steps that reach S3. */
const s3 = { AWS_ACCESS_KEY_ID: '${{ secrets.NESSIE_AWS_ACCESS_KEY_ID }}', AWS_SECRET_ACCESS_KEY: '${{ secrets.NESSIE_AWS_SECRET_ACCESS_KEY }}' };
const lakefsEnv = { ...s3, LAKEFS_STATS_ENABLED: 'false', LAKEFS_BLOCKSTORE_TYPE: 's3', LAKEFS_GATEWAYS_S3_DOMAIN_NAME: 's3.local.lakefs.io:8000' };
const compose = 'docker compose -f ci/nessie/compose.yaml';

new RunnerJob(ci, 'run-system', {
  name: 'Run latest lakeFS app',
  runsOn,
  strategy: { domain: { cataloger: ['rocks'] } },
  images: [lakefs.onRunner({ env: 'LAKEFS_IMAGE' })],
  env: { LAKEFS_CATALOGER_TYPE: Matrix.value('cataloger') },
  steps: [
    setupGo(true),
    { name: 'Generate code', run: 'make gen' },
    { name: 'Run lakeFS S3', env: lakefsEnv, run: `${compose} up --quiet-pull -d` },
    { name: 'Run Nessie S3', env: s3, run: './ci/nessie.sh' },
    { name: 'Check files in the S3 bucket', env: s3, run: './ci/nessie-bucket-check.sh' },
    { name: 'lakeFS logs on S3 failure', if: 'failure()', continueOnError: true, run: `${compose} logs --tail=1000 lakefs` },
    { name: 'Export DB', if: 'always()', env: s3, run: './ci/nessie-export-db.sh' },
    { name: 'Run lakeFS S3 to use with a local API key', env: lakefsEnv, run: `${compose} down -v\n${compose} up --quiet-pull -d` },
    { name: 'Run Nessie S3 with a local API key', env: { NAMESPACE_SUFFIX: '-local-api-key' }, run: './ci/nessie.sh --use-local-credentials --coverprofile=nessie-cover.out' },
    { name: 'Publish coverage', uses: 'codecov/codecov-action@671740ac38dd9b0130fbe1cec585b89eea48d3de # v5.5.2', with: { files: './nessie-cover.out', fail_ci_if_error: 'false' } },
  ],
});

project.synth();
