/**
 * Golden files for the test-job shapes of docs/test-jobs.md: services and a
 * sharded matrix with reports, two images (one as a service) with job outputs,
 * and the workflow options. Regenerate with `UPDATE_GOLDEN=1 npx jest test/golden`
 * and review the diff.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import {
  CheckoutSubmodules, Concurrency, ContainerTestJob, DispatchInputs, DispatchInputType, DockerBuildJob, ForkPullRequests, GhaCache,
  IfNoFilesFound, JobOutput, Matrix, Workflow,
} from '../../src';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

const PG_HEALTH = '--health-cmd pg_isready --health-interval 10s --health-timeout 5s --health-retries 5';

const SHAPES: { [name: string]: (project: Project) => Workflow } = {
  'test-jobs-services-matrix': (project) => {
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } } });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/api', cache: GhaCache.max() });
    new ContainerTestJob(ci, 'lint', { image, shell: 'bash', steps: [{ name: 'Lint', run: 'ruff check .' }] });
    new ContainerTestJob(ci, 'unit', {
      image,
      strategy: { shards: 4, failFast: false },
      runAsRoot: true,
      steps: [{ name: 'Unit tests', run: 'pytest -q --junitxml=reports/junit.xml --shard-id=$((SHARD - 1)) --num-shards="$SHARD_TOTAL"' }],
      reports: [{ name: 'junit', path: 'reports/junit.xml' }],
    });
    new ContainerTestJob(ci, 'integration', {
      image,
      strategy: { domain: { postgres: ['16', '17'] } },
      services: [{ name: 'postgres', image: `postgres:${Matrix.value('postgres')}`, env: { POSTGRES_PASSWORD: 'postgres' }, options: PG_HEALTH }],
      env: { DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/postgres' },
      options: '--cpus 2',
      checkout: { fetchDepth: 0, submodules: CheckoutSubmodules.RECURSIVE },
      steps: [{ name: 'Integration tests', run: 'pytest -q tests/integration --cov --cov-report=xml:coverage.xml' }],
      reports: [{ name: 'coverage', path: 'coverage.xml', ifNoFilesFound: IfNoFilesFound.ERROR, retentionDays: 14 }],
    });
    return ci;
  },

  'test-jobs-two-images': (project) => {
    const ci = new Workflow(project, 'e2e', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    const web = new DockerBuildJob(ci, 'build_web', { image: 'ghcr.io/acme/shop/web', context: 'web', cache: GhaCache.max({ scope: 'web' }) });
    const api = new DockerBuildJob(ci, 'build_api', { image: 'ghcr.io/acme/shop/api', context: 'api', cache: GhaCache.max({ scope: 'api' }) });
    const version = new ContainerTestJob(ci, 'version', {
      image: api,
      checkout: { enabled: false },
      steps: [{ id: 'read', run: 'echo "value=$(cat /app/VERSION)" >> "$GITHUB_OUTPUT"' }],
      outputs: { version: JobOutput.fromStep('read', 'value') },
    });
    new ContainerTestJob(ci, 'e2e', {
      image: web,
      services: [api.asService('api', { options: '--health-cmd "wget -qO- http://localhost:8080/health" --health-interval 5s' })],
      outputEnv: { API_VERSION: version.output('version'), API_IMAGE: api.output('image') },
      env: { API_URL: 'http://api:8080' },
      continueOnError: true,
      steps: [{ name: 'End-to-end', run: 'echo "testing against $API_IMAGE ($API_VERSION)"\nnpm run e2e' }],
    });
    return ci;
  },

  'test-jobs-workflow-options': (project) => {
    const ci = new Workflow(project, 'nightly', {
      triggers: {
        schedule: [{ cron: '0 3 * * *' }],
        workflowDispatch: {
          inputs: {
            suite: { description: 'Which suite', type: DispatchInputType.CHOICE, options: ['smoke', 'full'], default: 'smoke' },
            verbose: { description: 'Verbose output', type: DispatchInputType.BOOLEAN, default: 'false' },
          },
        },
      },
      concurrency: Concurrency.group('nightly', { cancelInProgress: false }),
      env: { TZ: 'UTC' },
      defaults: { shell: 'sh' },
    });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' });
    new ContainerTestJob(ci, 'suite', {
      image,
      steps: [{ name: 'Suite', run: 'make "suite-${SUITE:-smoke}"', env: { SUITE: DispatchInputs.value('suite'), VERBOSE: DispatchInputs.value('verbose') } }],
    });
    return ci;
  },

  'test-jobs-fork-fallback': (project) => {
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: { branches: ['main'] } } });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max(), forkPullRequests: ForkPullRequests.fallback() });
    new ContainerTestJob(ci, 'lint', { image, steps: [{ name: 'Lint', run: 'pre-commit run --all-files' }] });
    new ContainerTestJob(ci, 'unit', {
      image,
      shell: 'bash',
      env: { PYTHONDONTWRITEBYTECODE: '1' },
      steps: [{ name: 'Unit tests', run: 'pytest -q --junitxml=junit.xml', workingDirectory: 'service' }],
      reports: [{ name: 'junit', path: 'service/junit.xml' }],
    });
    return ci;
  },
};

describe('golden workflows: test jobs', () => {
  test.each(Object.keys(SHAPES))('%s matches its golden file byte for byte and passes the judge', async (shape) => {
    const text = SHAPES[shape](tempProject('golden')).toYaml();
    const golden = path.join(__dirname, `${shape}.yml`);
    if (process.env.UPDATE_GOLDEN) {
      fs.writeFileSync(golden, text);
    }
    expect(text).toBe(fs.readFileSync(golden, 'utf8'));
    await expectValidWorkflow(text, `${shape}.yml`);
  });
});
