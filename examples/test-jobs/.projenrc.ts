// Test jobs (docs/test-jobs.md): lint, sharded unit tests and integration tests against Postgres run
// in parallel in the image the build pushed; reports are uploaded; pull requests from forks get a
// fallback job that builds the image locally and replays the scripts with docker run.
// Run it from the repository root with `npm run example -- examples/test-jobs`.
import { Project } from 'projen';
import { ContainerTestJob, DockerBuildJob, ForkPullRequests, GhaCache, Workflow } from 'projen-docker-ci';

const project = new Project({ name: 'test-jobs' });
const ci = new Workflow(project, 'ci', {
  name: 'CI',
  triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } },
});
const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/api', cache: GhaCache.max(), forkPullRequests: ForkPullRequests.fallback() });
new ContainerTestJob(ci, 'lint', { image, steps: [{ name: 'Lint', run: 'ruff check .' }] });
new ContainerTestJob(ci, 'unit', {
  image,
  strategy: { shards: 3, failFast: false },
  steps: [{ name: 'Unit tests', run: 'pytest -q tests/unit --junitxml=reports/junit.xml --shard-id=$((SHARD - 1)) --num-shards="$SHARD_TOTAL"' }],
  reports: [{ name: 'unit-junit', path: 'reports/junit.xml' }],
});
new ContainerTestJob(ci, 'integration', {
  image,
  services: [{
    name: 'postgres',
    image: 'postgres:17',
    env: { POSTGRES_PASSWORD: 'postgres' },
    options: '--health-cmd pg_isready --health-interval 10s --health-timeout 5s --health-retries 5',
  }],
  env: { DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/postgres' },
  steps: [{ name: 'Integration tests', run: 'pytest -q tests/integration --junitxml=reports/junit.xml' }],
  reports: [{ name: 'integration-junit', path: 'reports/junit.xml' }],
});
project.synth();
