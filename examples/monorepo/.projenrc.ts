// A monorepo with two images and three test jobs, one of them beside a Postgres service.
// Run it from the repository root with `npm run example -- examples/monorepo`.
import { Project } from 'projen';
import { ContainerTestJob, DockerBuildJob, GhaCache, Workflow } from 'projen-docker-ci';

const project = new Project({ name: 'monorepo' });

const ci = new Workflow(project, 'ci', {
  name: 'Monorepo CI',
  triggers: {
    push: { branches: ['main'] },
    pullRequest: { branches: ['main'] },
    workflowDispatch: {},
  },
  // Also writes .github/workflows/ci.md: the jobs as a Mermaid diagram.
  diagram: true,
});

// Each image gets its own fixed cache scope (derived from its name), so the two builds
// never overwrite each other's cache.
const api = new DockerBuildJob(ci, 'build_api', {
  image: 'ghcr.io/acme/monorepo/api',
  context: 'services/api',
  file: 'services/api/Dockerfile',
  cache: GhaCache.max(),
});
const web = new DockerBuildJob(ci, 'build_web', {
  image: 'ghcr.io/acme/monorepo/web',
  context: 'services/web',
  cache: GhaCache.min(),
});

// Three consumers run in parallel; each waits only for the image it runs in.
// The API tests talk to Postgres: a service container beside the job, reachable by its name
// ("postgres") on the job's network, started and health-checked by GitHub before the first step.
new ContainerTestJob(ci, 'api_test', {
  name: 'API tests',
  image: api,
  services: [{
    name: 'postgres',
    image: 'postgres:17',
    env: { POSTGRES_PASSWORD: 'postgres' },
    options: '--health-cmd pg_isready --health-interval 10s --health-timeout 5s --health-retries 5',
  }],
  env: { DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/postgres' },
  steps: [
    { name: 'Unit tests', workingDirectory: 'services/api', run: 'pytest -q tests/unit' },
    { name: 'Integration tests', workingDirectory: 'services/api', run: 'pytest -q tests/integration' },
  ],
});
new ContainerTestJob(ci, 'api_lint', {
  name: 'API lint',
  image: api,
  timeoutMinutes: 10,
  steps: [{ name: 'Ruff', workingDirectory: 'services/api', run: 'ruff check .' }],
});
new ContainerTestJob(ci, 'web_test', {
  name: 'Web tests',
  image: web,
  steps: [
    { name: 'Install', workingDirectory: 'services/web', run: 'npm ci' },
    { name: 'Test', workingDirectory: 'services/web', run: 'npm test' },
  ],
});

project.synth();
