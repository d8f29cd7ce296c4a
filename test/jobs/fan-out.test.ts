/**
 * Fan-out and multi-image jobs: parallel consumers of one image, a job that
 * runs in one image and uses another as a service, and job outputs handed
 * to other jobs through objects that add `needs` themselves.
 */
import * as YAML from 'yaml';
import { ContainerTestJob, ContainerTestJobProps, DockerBuildJob, JobOutput, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { simulateRun } from '../support/simulate';
import { tempProject } from '../support/synth';

const DIGEST = `sha256:${'a'.repeat(64)}`;

function twoImages() {
  const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const app = new DockerBuildJob(ci, 'app', { image: 'ghcr.io/acme/app' });
  const api = new DockerBuildJob(ci, 'api', { image: 'ghcr.io/acme/api' });
  return { ci, app, api };
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

describe('parallel consumers of one image', () => {
  test('lint, unit and integration each need only the build, so they run side by side after it', async () => {
    const { ci, app } = twoImages();
    for (const id of ['lint', 'unit', 'integration']) {
      new ContainerTestJob(ci, id, { image: app, steps: [{ run: `make ${id}` }] });
    }
    const text = ci.toYaml();
    const jobs = YAML.parse(text).jobs;
    for (const id of ['lint', 'unit', 'integration']) {
      expect(jobs[id].needs).toEqual(['app']);
      expect(jobs[id].if).toBe("needs.app.outputs.image != ''");
    }
    // Nothing orders the consumers among themselves: in a simulated push they all run.
    const run = simulateRun(text, { eventName: 'push', repository: 'acme/shop', digest: { app: DIGEST, api: DIGEST } });
    expect(Object.entries(run.consumers).map(([id, c]) => [id, c.runs])).toEqual([['lint', true], ['unit', true], ['integration', true]]);
    await expectValidWorkflow(text);
  });
});

describe('another build job\'s image as a service', () => {
  function e2e() {
    const { ci, app, api } = twoImages();
    new ContainerTestJob(ci, 'e2e', {
      image: app,
      services: [api.asService('api', { options: '--health-cmd "curl -f http://localhost:8080/health" --health-interval 5s' }), { name: 'db', image: 'postgres:17' }],
      env: { API_URL: 'http://api:8080' },
      steps: [{ run: 'npm run e2e' }],
    });
    return ci;
  }

  test('needs both builds, runs only when both pushed, and pulls the service by digest with the token', async () => {
    const text = e2e().toYaml();
    const job = YAML.parse(text).jobs.e2e;
    expect(job.needs).toEqual(['app', 'api']);
    expect(job.if).toBe("needs.app.outputs.image != '' && needs.api.outputs.image != ''");
    expect(job.services.api.image).toBe('${{ needs.api.outputs.image }}');
    expect(job.services.api.credentials).toEqual({ username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' });
    expect(job.services.db).toEqual({ image: 'postgres:17' });
    await expectValidWorkflow(text);
  });

  test.each([
    ['both images pushed', { app: DIGEST, api: DIGEST }, true],
    ['the service image missing', { app: DIGEST, api: '' }, false],
    ['the job image missing', { app: '', api: DIGEST }, false],
  ])('simulated push with %s (never run with an empty service image)', (_label, digest, runs) => {
    const run = simulateRun(e2e().toYaml(), { eventName: 'push', repository: 'acme/shop', digest });
    expect(run.consumers.e2e.runs).toBe(runs);
  });

  test('a fork pull request pushes neither image, so the job is skipped', () => {
    const run = simulateRun(e2e().toYaml(), { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'someone/shop', digest: { app: DIGEST, api: DIGEST } });
    expect(run.consumers.e2e.runs).toBe(false);
  });

  test('the same build as job image and service is needed once', () => {
    const { ci, app } = twoImages();
    new ContainerTestJob(ci, 'self', { image: app, services: [app.asService('peer')], steps: [{ run: 'true' }] });
    const job = YAML.parse(ci.toYaml()).jobs.self;
    expect(job.needs).toEqual(['app']);
    expect(job.if).toBe("needs.app.outputs.image != ''");
  });

  test('a build of another workflow as a service is refused, naming both jobs and workflows', () => {
    const { ci, app } = twoImages();
    const other = new Workflow(ci.project, 'other', { triggers: { push: {} } });
    const foreign = new DockerBuildJob(other, 'foreign', { image: 'ghcr.io/acme/foreign' });
    new ContainerTestJob(ci, 'bad', { image: app, services: [foreign.asService('c')], steps: [{ run: 'true' }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/bad: services.c.image reads needs.foreign, but job "foreign" is in workflow "other"; a job can only read outputs of jobs of its own workflow, so declare both jobs in one workflow.',
    ]);
  });
});

describe('job outputs', () => {
  function versioned(props: Partial<ContainerTestJobProps> = {}) {
    const { ci, app } = twoImages();
    const version = new ContainerTestJob(ci, 'version', {
      image: app,
      steps: [{ id: 'read', run: 'echo "value=$(cat VERSION)" >> "$GITHUB_OUTPUT"' }],
      outputs: { version: JobOutput.fromStep('read', 'value') },
    });
    return { ci, app, version, props };
  }

  test('a consumer reads another job\'s output through outputEnv and needs that job without being told', async () => {
    const { ci, app, version } = versioned();
    new ContainerTestJob(ci, 'publish', {
      image: app,
      outputEnv: { VERSION: version.output('version'), APP_IMAGE: app.output('image') },
      steps: [{ run: 'echo "$VERSION $APP_IMAGE"' }],
    });
    const text = ci.toYaml();
    const jobs = YAML.parse(text).jobs;
    expect(jobs.version.outputs).toEqual({ version: '${{ steps.read.outputs.value }}' });
    expect(jobs.publish.needs).toEqual(['app', 'version']);
    expect(jobs.publish.env).toEqual({ VERSION: '${{ needs.version.outputs.version }}', APP_IMAGE: '${{ needs.app.outputs.image }}' });
    await expectValidWorkflow(text);
  });

  test('JobOutput exposes the expression with and without ${{ }}', () => {
    const { version } = versioned();
    const output = version.output('version');
    expect(output.expression).toBe('needs.version.outputs.version');
    expect(output.value).toBe('${{ needs.version.outputs.version }}');
    expect(JobOutput.fromStep('read', 'value')).toBe('${{ steps.read.outputs.value }}');
  });

  test('refusals: an undeclared output, a bad output name', () => {
    const { ci, app, version } = versioned();
    new ContainerTestJob(ci, 'consumer', {
      image: app,
      outputEnv: { NOPE: version.output('nope') },
      outputs: { '1bad': JobOutput.fromStep('s', 'v') },
      steps: [{ id: 's', run: 'true' }],
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/consumer: outputs has the name "1bad"; an output name starts with a letter or _ and contains only letters, digits, - and _.',
      'ci/consumer: outputEnv.NOPE reads output "nope" of job "version", which declares only "version"; declare it in that job\'s outputs.',
    ]);
  });

  test('an output that reads a step no step of the job has is refused, naming the step id', () => {
    const { ci, app } = versioned();
    new ContainerTestJob(ci, 'consumer', {
      image: app,
      outputs: { ok: JobOutput.fromStep('missing', 'value') },
      steps: [{ id: 's', run: 'true' }],
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/consumer: outputs.ok reads steps.missing, but no step of this job has the id "missing"; give that step id: "missing", or fix the name.',
    ]);
  });

  test('an output of a job of another workflow is refused; it is not added to needs', () => {
    const { ci, app } = twoImages();
    const other = new Workflow(ci.project, 'other', { triggers: { push: {} } });
    const foreign = new DockerBuildJob(other, 'foreign', { image: 'ghcr.io/acme/foreign' });
    const job = new ContainerTestJob(ci, 'c', { image: app, outputEnv: { IMG: new JobOutput(foreign, 'image') }, steps: [{ run: 'true' }] });
    expect(job.needs.map((j) => j.jobId)).toEqual(['app']);
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/c: outputEnv.IMG reads job "foreign" of workflow "other"; outputs only reach jobs of the same workflow.',
    ]);
  });

  test('outputs on a matrix job are refused (the last matrix job would win)', () => {
    const { ci, app } = twoImages();
    new ContainerTestJob(ci, 'm', {
      image: app,
      strategy: { shards: 2 },
      steps: [{ id: 's', run: 'true' }],
      outputs: { x: JobOutput.fromStep('s', 'x') },
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/m: sets outputs and a strategy; every matrix job writes the same outputs and the last one to finish wins, so move the outputs to a job without a matrix.',
    ]);
  });

  test('outputEnv refusals for names, env clashes and values that are not job outputs', () => {
    const { ci, app, version } = versioned();
    new ContainerTestJob(ci, 'c', {
      image: app,
      env: { VERSION: 'x' },
      outputEnv: { 'VERSION': version.output('version'), 'bad-name': 'needs.version.outputs.version' as unknown as JobOutput },
      steps: [{ run: 'true' }],
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/c: outputEnv.VERSION is also set in env; keep one of them.',
      'ci/c: outputEnv has the name "bad-name"; an environment variable name has only letters, digits and _, and does not start with a digit.',
      'ci/c: outputEnv.bad-name is "needs.version.outputs.version"; give a job output, for example buildJob.output(\'image\').',
    ]);
  });

  test('an outputEnv name that differs from an env name only in case is the same variable to GitHub', () => {
    const { ci, app, version } = versioned();
    new ContainerTestJob(ci, 'c', { image: app, env: { version: 'x' }, outputEnv: { VERSION: version.output('version') }, steps: [{ run: 'true' }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/c: outputEnv.VERSION and env.version are the same variable to GitHub (env names ignore case); keep one of them.',
    ]);
  });
});
