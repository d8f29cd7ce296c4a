/**
 * RunnerJob: a job with steps of your own, on the runner host or in an image
 * you name, with every job key and the same checks as the library's own jobs.
 */
import * as YAML from 'yaml';
import {
  CheckoutSubmodules, Concurrency, ContainerTestJob, DockerBuildJob, GhaCache, JobOutput, Matrix, PermissionLevel, RunnerJob, RunnerJobProps,
  Workflow,
} from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, runContexts } from '../support/simulate';
import { tempProject } from '../support/synth';

function workflow(): Workflow {
  return new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
}

function jobOf(props: RunnerJobProps, id = 'unit'): { [key: string]: any } {
  const ci = workflow();
  new RunnerJob(ci, id, props);
  return YAML.parse(ci.toYaml()).jobs[id];
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

describe('RunnerJob on the runner host', () => {
  test('checks out (credentials not persisted), then runs its steps; contents: read and a 60-minute timeout', async () => {
    const ci = workflow();
    new RunnerJob(ci, 'unit', { steps: [{ name: 'Unit tests', run: 'make unit' }] });
    const yaml = ci.toYaml();
    const job = YAML.parse(yaml).jobs.unit;
    expect(job).toEqual({
      'runs-on': 'ubuntu-latest',
      'permissions': { contents: 'read' },
      'timeout-minutes': 60,
      'steps': [
        { name: 'Check out repository', uses: pinnedUses('checkout'), with: { 'persist-credentials': 'false' } },
        { name: 'Unit tests', run: 'make unit' },
      ],
    });
    await expectValidWorkflow(yaml);
  });

  test('without a checkout it gets no token permission at all', () => {
    const job = jobOf({ checkout: { enabled: false }, steps: [{ run: 'echo hi' }] });
    expect(job.permissions).toEqual({});
    expect(job.steps).toEqual([{ run: 'echo hi' }]);
  });

  test('checkout options and test reports work as on a container job', () => {
    const job = jobOf({
      checkout: { fetchDepth: 0, submodules: CheckoutSubmodules.RECURSIVE },
      steps: [{ run: 'pytest --junitxml=junit.xml' }],
      reports: [{ name: 'junit', path: 'junit.xml' }],
    });
    expect(job.steps[0].with).toEqual({ 'persist-credentials': 'false', 'fetch-depth': '0', 'submodules': 'recursive' });
    expect(job.steps[2]).toMatchObject({ name: 'Upload junit', if: '${{ !cancelled() }}', uses: pinnedUses('uploadArtifact') });
  });

  test('the permissions a third-party step needs are granted on top (a test reporter\'s checks: write)', () => {
    const job = jobOf({ permissions: { checks: PermissionLevel.WRITE }, steps: [{ run: 'make test' }] });
    expect(job.permissions).toEqual({ checks: 'write', contents: 'read' });
  });
});

describe('RunnerJob in an image you name', () => {
  test('container: image, env, ports, volumes and options are written; the image is not a built one, so no guard', async () => {
    const ci = workflow();
    new RunnerJob(ci, 'lint', {
      container: { image: 'python:3.12', env: { PIP_NO_CACHE_DIR: '1' }, ports: ['8000'], volumes: ['/tmp/cache:/cache'], options: '--cpus 2' },
      steps: [{ run: 'ruff check .' }],
    });
    const yaml = ci.toYaml();
    const job = YAML.parse(yaml).jobs.lint;
    expect(job.container).toEqual({ image: 'python:3.12', env: { PIP_NO_CACHE_DIR: '1' }, ports: ['8000'], volumes: ['/tmp/cache:/cache'], options: '--cpus 2' });
    expect(job.if).toBeUndefined();
    await expectValidWorkflow(yaml);
  });

  test('a private GHCR image pulled with the GITHUB_TOKEN gets packages: read by itself', () => {
    const job = jobOf({
      container: { image: 'ghcr.io/acme/tools:1', credentials: { username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' } },
      steps: [{ run: 'make' }],
    });
    expect(job.permissions).toEqual({ contents: 'read', packages: 'read' });
  });

  test('a literal registry password, --network in options, and a bad image are refused together', () => {
    const ci = workflow();
    new RunnerJob(ci, 'bad', {
      container: { image: 'python 3', credentials: { username: 'me', password: 'hunter2' }, options: '--network host' },
      steps: [{ run: 'true' }],
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/bad: container.image is "python 3"; give an image reference such as "python:3.12".',
      expect.stringContaining('ci/bad: container.options sets --network, which GitHub does not allow'),
      'ci/bad: container.credentials.password is not an expression; store the password as a repository secret and pass it as \'${{ secrets.NAME }}\', so it is never committed.',
    ]);
  });

  test('a built image as the container of a RunnerJob: needs and the empty-image guard come from the image expression alone', async () => {
    const ci = workflow();
    const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max() });
    new RunnerJob(ci, 'smoke', { container: { image: build.imageReference, credentials: build.pullCredentials }, steps: [{ run: 'app --version' }] });
    const yaml = ci.toYaml();
    const job = YAML.parse(yaml).jobs.smoke;
    expect(job.needs).toEqual(['build']);
    expect(job.if).toBe("needs.build.outputs.image != ''");
    expect(job.permissions).toEqual({ contents: 'read', packages: 'read' });
    expect(yaml).toContain('image: ${{ needs.build.outputs.image }} # zizmor: ignore[unpinned-images] a digest: the image job build pushed in this run\n');
    await expectValidWorkflow(yaml);
  });
});

describe('the keys every job has', () => {
  test('environment, job concurrency, continue-on-error from the matrix, an expression runner label, defaults and env', async () => {
    const ci = workflow();
    const plan = new RunnerJob(ci, 'plan', {
      checkout: { enabled: false },
      steps: [{ id: 'pick', run: 'echo "runner=ubuntu-24.04" >> "$GITHUB_OUTPUT"' }],
      outputs: { runner: JobOutput.fromStep('pick', 'runner') },
    });
    new RunnerJob(ci, 'deploy', {
      if: "github.event_name == 'push' && github.ref == 'refs/heads/main'",
      environment: { name: 'production', url: 'https://shop.example.com' },
      concurrency: Concurrency.group('deploy-${{ github.ref }}'),
      runsOn: [plan.output('runner').value],
      strategy: { domain: { region: ['eu', 'us'], experimental: [false, true] } },
      continueOnErrorWhen: '${{ matrix.experimental }}',
      defaults: { shell: 'bash', workingDirectory: 'deploy' },
      env: { REGION: Matrix.value('region') },
      steps: [{ name: 'Deploy', run: './deploy.sh "$REGION"' }],
    });
    const yaml = ci.toYaml();
    const job = YAML.parse(yaml).jobs.deploy;
    expect(job).toMatchObject({
      'needs': ['plan'],
      'if': "github.event_name == 'push' && github.ref == 'refs/heads/main'",
      'runs-on': '${{ needs.plan.outputs.runner }}',
      'environment': { name: 'production', url: 'https://shop.example.com' },
      'concurrency': { 'group': 'deploy-${{ github.ref }}', 'cancel-in-progress': false },
      'strategy': { matrix: { region: ['eu', 'us'], experimental: [false, true] } },
      'continue-on-error': '${{ matrix.experimental }}',
      'defaults': { run: { 'shell': 'bash', 'working-directory': 'deploy' } },
      'env': { REGION: '${{ matrix.region }}' },
    });
    await expectValidWorkflow(yaml);
  });

  test('an environment without a URL is written as its name', () => {
    expect(jobOf({ environment: { name: 'staging' }, steps: [{ run: 'true' }] }).environment).toBe('staging');
  });

  test('a matrix of objects with include and exclude keeps its types; a value reads as matrix.<key>.<field>', async () => {
    const ci = workflow();
    new RunnerJob(ci, 'build', {
      strategy: {
        domain: { build: [{ name: 'speedy', opt: 'ON' }, { name: 'tracy', perf: 'ON' }], debug: [false, true] },
        exclude: [{ debug: true, build: { name: 'tracy', perf: 'ON' } }],
        include: [{ debug: false, extra: 1 }],
        failFast: false,
        maxParallel: 2,
      },
      name: 'Build (${{ matrix.build.name }})',
      steps: [{ run: 'make', env: { NAME: '${{ matrix.build.name }}', EXTRA: '${{ matrix.extra }}' } }],
    });
    const yaml = ci.toYaml();
    expect(YAML.parse(yaml).jobs.build.strategy).toEqual({
      'matrix': {
        build: [{ name: 'speedy', opt: 'ON' }, { name: 'tracy', perf: 'ON' }],
        debug: [false, true],
        include: [{ debug: false, extra: 1 }],
        exclude: [{ debug: true, build: { name: 'tracy', perf: 'ON' } }],
      },
      'fail-fast': false,
      'max-parallel': 2,
    });
    await expectValidWorkflow(yaml);
  });

  test('a matrix read at run time from another job: domainFromJson per variable, fromJson for the whole matrix; the job needs that job', async () => {
    const ci = workflow();
    const init = new RunnerJob(ci, 'init', {
      checkout: { enabled: false },
      steps: [{ id: 'info', run: 'echo "archs=[\\"amd64\\",\\"arm64\\"]" >> "$GITHUB_OUTPUT"\necho "matrix={\\"os\\":[\\"a\\"]}" >> "$GITHUB_OUTPUT"' }],
      outputs: { architectures: JobOutput.fromStep('info', 'archs'), matrix: JobOutput.fromStep('info', 'matrix') },
    });
    new RunnerJob(ci, 'build', { strategy: { domainFromJson: { arch: init.output('architectures') } }, steps: [{ run: 'make', env: { ARCH: Matrix.value('arch') } }] });
    new RunnerJob(ci, 'test', { strategy: { fromJson: init.output('matrix') }, steps: [{ run: 'make test', env: { OS: '${{ matrix.os }}' } }] });
    const yaml = ci.toYaml();
    const jobs = YAML.parse(yaml).jobs;
    expect(jobs.build.needs).toEqual(['init']);
    expect(jobs.build.strategy.matrix).toEqual({ arch: '${{ fromJSON(needs.init.outputs.architectures) }}' });
    expect(jobs.test.needs).toEqual(['init']);
    expect(jobs.test.strategy.matrix).toBe('${{ fromJSON(needs.init.outputs.matrix) }}');
    await expectValidWorkflow(yaml);
  });

  test('matrix keys are read ignoring case, as GitHub does: matrix.Java reads the variable java', async () => {
    const ci = workflow();
    new RunnerJob(ci, 'test', { strategy: { domain: { java: ['17', '21'] } }, steps: [{ run: 'make', env: { J: '${{ matrix.Java }}' } }] });
    await expectValidWorkflow(ci.toYaml());
    const bad = workflow();
    new RunnerJob(bad, 'test', { strategy: { domain: { java: ['17'] } }, steps: [{ run: 'make', env: { J: '${{ matrix.jdk }}' } }] });
    expect(problemsOf(() => bad.toYaml())).toEqual([expect.stringContaining('ci/test: reads matrix.jdk, which the strategy does not define (it defines java)')]);
  });

  test('services beside a job on the host publish their ports', async () => {
    const ci = workflow();
    new RunnerJob(ci, 'integration', {
      services: [{ name: 'redis', image: 'redis:7', ports: ['6379:6379'], options: '--health-cmd "redis-cli ping" --health-interval 5s' }],
      steps: [{ run: 'make integration' }],
    });
    const yaml = ci.toYaml();
    expect(YAML.parse(yaml).jobs.integration.services).toEqual({ redis: { image: 'redis:7', ports: ['6379:6379'], options: '--health-cmd "redis-cli ping" --health-interval 5s' } });
    await expectValidWorkflow(yaml);
  });

  test('bad keys are refused together, each saying how to fix it', () => {
    const ci = workflow();
    new RunnerJob(ci, 'bad', {
      if: "${{ github.ref }} == 'refs/heads/main'",
      environment: { name: '' },
      continueOnError: true,
      continueOnErrorWhen: 'matrix.x',
      concurrency: 'group' as never,
      defaults: { workingDirectory: '' },
      steps: [{ run: 'true' }],
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/bad: if "${{ github.ref }} == \'refs/heads/main\'" has text outside its ${{ }}, which makes it a non-empty string that GitHub reads as always true; ' +
        'write the whole condition as one expression, for example "${{ github.ref }}", or without ${{ }}. See https://docs.github.com/en/actions/reference/workflows-and-actions/expressions',
      'ci/bad: continueOnErrorWhen is "matrix.x"; give one expression, for example \'${{ matrix.experimental }}\'.',
      'ci/bad: sets both continueOnError and continueOnErrorWhen; keep one.',
      'ci/bad: environment.name is ""; give the environment\'s name, for example \'production\'.',
      'ci/bad: concurrency is "group"; use Concurrency.none() or Concurrency.group(\'name\').',
      'ci/bad: defaults.workingDirectory is ""; give a directory relative to the workspace, or leave it out.',
    ]);
  });
});

describe('a container job\'s if: is combined with its empty-image guard', () => {
  function deployAfterTests(condition: string) {
    const ci = workflow();
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/shop', cache: GhaCache.max() });
    new ContainerTestJob(ci, 'test', { image, if: condition, steps: [{ run: 'pytest -q' }] });
    return YAML.parse(ci.toYaml()).jobs.test.if as string;
  }

  test('the user\'s condition in parentheses, then the guard; ${{ }} around it is dropped', () => {
    expect(deployAfterTests("github.event_name == 'push' || github.ref == 'refs/heads/main'"))
      .toBe("(github.event_name == 'push' || github.ref == 'refs/heads/main') && needs.build.outputs.image != ''");
    expect(deployAfterTests("${{ github.event_name == 'push' }}")).toBe("(github.event_name == 'push') && needs.build.outputs.image != ''");
  });

  test.each([
    ['push to main', { eventName: 'push', ref: 'refs/heads/main' }, 'digest', true],
    ['push with nothing pushed', { eventName: 'push', ref: 'refs/heads/main' }, '', false],
    ['push to another branch', { eventName: 'push', ref: 'refs/heads/dev' }, 'digest', false],
  ] as const)('simulated with GitHub\'s expression engine: %s', (_label, run, digest, runs) => {
    const condition = deployAfterTests("github.ref == 'refs/heads/main'");
    const base = runContexts({ eventName: run.eventName, repository: 'acme/shop', digest: '' });
    const contexts = { ...base, github: { ...(base.github as object), ref: run.ref }, needs: { build: { outputs: { image: digest === '' ? '' : 'ghcr.io/acme/shop@sha256:1' } } } };
    expect(evaluateCondition(condition, { contexts })).toBe(runs);
  });
});
