/**
 * Container job options: services, container options, --user root, default
 * shell, continue-on-error and the checkout. Each shape is judged by GitHub's
 * parser and actionlint; each refusal has its exact message.
 */
import * as YAML from 'yaml';
import { CheckoutSubmodules, ContainerTestJob, ContainerTestJobProps, DockerBuildJob, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

const STEPS = [{ run: 'make test' }];

/** A workflow with one build `build` and one consumer `test` with `props`. */
function workflowWith(props: Partial<ContainerTestJobProps>): Workflow {
  const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' });
  new ContainerTestJob(ci, 'test', { image, steps: STEPS, ...props } as ContainerTestJobProps);
  return ci;
}

function testJob(props: Partial<ContainerTestJobProps>) {
  return YAML.parse(workflowWith(props).toYaml()).jobs.test;
}

function problems(props: Partial<ContainerTestJobProps>): string[] {
  try {
    workflowWith(props).toYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

const PG_HEALTH = '--health-cmd pg_isready --health-interval 10s --health-timeout 5s --health-retries 5';

describe('services', () => {
  test('a postgres service with health-check options, env and ports, judge-clean', async () => {
    const ci = workflowWith({
      services: [{ name: 'postgres', image: 'postgres:17', env: { POSTGRES_PASSWORD: 'postgres' }, ports: ['5432:5432'], options: PG_HEALTH }],
      env: { DATABASE_URL: 'postgres://postgres:postgres@postgres:5432/postgres' },
    });
    const text = ci.toYaml();
    expect(YAML.parse(text).jobs.test.services).toEqual({
      postgres: { image: 'postgres:17', env: { POSTGRES_PASSWORD: 'postgres' }, ports: ['5432:5432'], options: PG_HEALTH },
    });
    await expectValidWorkflow(text);
  });

  test('services keep their order; private-registry credentials are written as given', () => {
    const job = testJob({
      services: [
        { name: 'redis', image: 'redis:7-alpine' },
        { name: 'mq', image: 'docker.io/acme/mq:1', credentials: { username: 'acme', password: '${{ secrets.DOCKERHUB_TOKEN }}' } },
      ],
    });
    expect(Object.keys(job.services)).toEqual(['redis', 'mq']);
    expect(job.services.mq.credentials).toEqual({ username: 'acme', password: '${{ secrets.DOCKERHUB_TOKEN }}' });
  });

  test('no services: no services key', () => {
    expect(testJob({}).services).toBeUndefined();
  });

  test.each([
    [[{ image: 'postgres:17' }], 'ci/test: services[0].name is undefined; a service name is its host name: start with a letter or _, then letters, digits, - and _ (for example "postgres"). See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idservices'],
    [[{ name: 'db', image: 'postgres:17' }, { name: 'DB', image: 'mysql:8' }], 'ci/test: services[1] repeats the name "DB" of services[0] (names are case-insensitive); give each service its own name.'],
    [[{ name: 'db' }], 'ci/test: services[0].image is undefined; give an image reference such as "postgres:17" (or a build job\'s image: buildJob.asService(\'api\')).'],
    [[{ name: 'db', image: 'postgres 17' }], 'ci/test: services[0].image is "postgres 17"; give an image reference such as "postgres:17" (or a build job\'s image: buildJob.asService(\'api\')).'],
    [[{ name: 'db', image: 'postgres:17', ports: [5432] }], 'ci/test: services[0].ports is [5432]; list ports as strings like "5432" or "8080:80" (host:container, optionally /tcp or /udp).'],
    [[{ name: 'db', image: 'postgres:17', options: '--network host' }], 'ci/test: services[0].options sets --network, which GitHub does not allow: the runner puts the job container and its services on a network of its own, where each service is reachable by its name. Remove --network. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idcontaineroptions'],
    [[{ name: 'db', image: 'postgres:17', env: { PORT: 5432 } }], 'ci/test: services[0].env is {"PORT":5432}; give a map of names to string values, for example { CI: \'true\' }.'],
    [[{ name: 'db', image: 'acme/db', credentials: { username: 'me', password: 'hunter2' } }], 'ci/test: services[0].credentials.password is not an expression; store the password as a repository secret and pass it as \'${{ secrets.NAME }}\', so it is never committed.'],
    [[null], 'ci/test: services[0] is null; each service is an object such as { name: \'postgres\', image: \'postgres:17\' }.'],
    ['postgres', 'ci/test: services is "postgres"; give a list, for example [{ name: \'postgres\', image: \'postgres:17\' }].'],
  ])('refuses bad services %j', (services, message) => {
    expect(problems({ services } as unknown as Partial<ContainerTestJobProps>)).toEqual([message]);
  });
});

describe('container options and --user root', () => {
  test('options are written as GitHub\'s single string, runAsRoot appends --user root', async () => {
    const ci = workflowWith({ options: '--cpus 2 --shm-size 1g', runAsRoot: true });
    const text = ci.toYaml();
    expect(YAML.parse(text).jobs.test.container.options).toBe('--cpus 2 --shm-size 1g --user root');
    await expectValidWorkflow(text);
  });

  test('runAsRoot alone gives --user root; neither gives no options key', () => {
    expect(testJob({ runAsRoot: true }).container.options).toBe('--user root');
    expect(testJob({}).container.options).toBeUndefined();
    expect(testJob({ runAsRoot: false }).container.options).toBeUndefined();
  });

  test.each([
    ['--network host', 'ci/test: options sets --network, which GitHub does not allow: the runner puts the job container and its services on a network of its own, where each service is reachable by its name. Remove --network. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idcontaineroptions'],
    ['--cpus 1 --net=host', 'ci/test: options sets --net, which GitHub does not allow: the runner puts the job container and its services on a network of its own, where each service is reachable by its name. Remove --net. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idcontaineroptions'],
    ['--entrypoint /bin/bash', 'ci/test: options sets --entrypoint, which GitHub does not allow: the runner starts the job container with its own entrypoint (tail -f /dev/null) and runs each step with docker exec. Put the command in a step instead. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idcontaineroptions'],
    ['--cpus 2\n--memory 1g', 'ci/test: options spans several lines; GitHub passes it to `docker create` as one line, so separate options with spaces.'],
    ['  ', 'ci/test: options is "  "; give Docker options as one string, for example "--cpus 2 --memory 4g", or leave it out.'],
  ])('refuses options %j', (options, message) => {
    expect(problems({ options })).toEqual([message]);
  });

  test('a flag that merely contains a forbidden word is fine', () => {
    expect(testJob({ options: '--network-alias x --label net=1' }).container.options).toBe('--network-alias x --label net=1');
  });

  test('runAsRoot with a --user of your own is refused; a non-boolean runAsRoot too', () => {
    expect(problems({ runAsRoot: true, options: '-u 1000' })).toEqual(['ci/test: runAsRoot is true and options sets --user too; keep one of them (runAsRoot: true adds --user root).']);
    expect(problems({ runAsRoot: 'yes' } as unknown as Partial<ContainerTestJobProps>)).toEqual(['ci/test: runAsRoot is "yes"; use true to run the container as root, or leave it out.']);
  });
});

describe('default shell and continue-on-error', () => {
  test('shell becomes defaults.run.shell; continueOnError is written as a boolean', async () => {
    const text = workflowWith({ shell: 'bash', continueOnError: true }).toYaml();
    const job = YAML.parse(text).jobs.test;
    expect(job.defaults).toEqual({ run: { shell: 'bash' } });
    expect(job['continue-on-error']).toBe(true);
    await expectValidWorkflow(text);
  });

  test('a custom shell command with {0} is accepted', () => {
    expect(testJob({ shell: 'bash -eo pipefail {0}' }).defaults.run.shell).toBe('bash -eo pipefail {0}');
  });

  test('without them GitHub\'s defaults apply (no keys written)', () => {
    const job = testJob({});
    expect(job.defaults).toBeUndefined();
    expect(job['continue-on-error']).toBeUndefined();
  });

  test('an unknown shell and a non-boolean continueOnError are refused', () => {
    expect(problems({ shell: 'zsh', continueOnError: 'true' } as unknown as Partial<ContainerTestJobProps>)).toEqual([
      'ci/test: continueOnError is "true"; use true or false (or continueOnErrorWhen for an expression).',
      'ci/test: shell is "zsh"; use one of bash, sh, pwsh, python, cmd, powershell, or a command with {0} for the script file (e.g. "bash -eo pipefail {0}").',
    ]);
  });
});

describe('checkout', () => {
  test('configured: full history, LFS, recursive submodules, a path; credentials still not persisted', async () => {
    const text = workflowWith({ checkout: { fetchDepth: 0, lfs: true, submodules: CheckoutSubmodules.RECURSIVE, path: 'src' } }).toYaml();
    expect(YAML.parse(text).jobs.test.steps[0].with).toEqual({
      'persist-credentials': 'false', 'fetch-depth': '0', 'lfs': 'true', 'submodules': 'recursive', 'path': 'src',
    });
    await expectValidWorkflow(text);
  });

  test('turned off: no checkout step and no contents permission', async () => {
    const text = workflowWith({ checkout: { enabled: false } }).toYaml();
    const job = YAML.parse(text).jobs.test;
    expect(job.steps).toEqual([{ run: 'make test' }]);
    expect(job.permissions).toEqual({ packages: 'read' });
    await expectValidWorkflow(text);
  });

  test('defaults are not written (NONE submodules, no LFS)', () => {
    expect(testJob({ checkout: { submodules: CheckoutSubmodules.NONE, lfs: false } }).steps[0].with).toEqual({ 'persist-credentials': 'false' });
  });

  test.each([
    [{ fetchDepth: -1 }, 'ci/test: checkout.fetchDepth is -1; use a whole number of commits, or 0 for the whole history.'],
    [{ path: '../elsewhere' }, 'ci/test: checkout.path is "../elsewhere"; give a directory inside the workspace, such as "src", without ".." or a leading /.'],
    [{ path: '/abs' }, 'ci/test: checkout.path is "/abs"; give a directory inside the workspace, such as "src", without ".." or a leading /.'],
    [{ submodules: 'yes' }, 'ci/test: checkout.submodules is "yes"; use CheckoutSubmodules.NONE, TOP_LEVEL or RECURSIVE.'],
    [{ lfs: 1 }, 'ci/test: checkout.lfs is 1; use true or false.'],
    [{ enabled: false, fetchDepth: 0, lfs: true }, 'ci/test: checkout.enabled is false, but checkout also sets fetchDepth, lfs; remove them or turn checkout back on.'],
    [false, 'ci/test: checkout is false; give checkout options such as { fetchDepth: 0 }, { enabled: false }, or leave it out.'],
  ])('refuses checkout %j', (checkout, message) => {
    expect(problems({ checkout } as unknown as Partial<ContainerTestJobProps>)).toEqual([message]);
  });
});

describe('runs-on', () => {
  test('self-hosted labels are written as a list', async () => {
    const text = workflowWith({ runsOn: ['self-hosted', 'linux', 'x64'] }).toYaml();
    expect(YAML.parse(text).jobs.test['runs-on']).toEqual(['self-hosted', 'linux', 'x64']);
    await expectValidWorkflow(text);
  });

  test('a runner group alone picks any runner of the group: no default label is added', async () => {
    const text = workflowWith({ runnerGroup: 'larger-runners' }).toYaml();
    expect(YAML.parse(text).jobs.test['runs-on']).toEqual({ group: 'larger-runners' });
    expect(text).toContain('    runs-on:\n      group: larger-runners\n');
    await expectValidWorkflow(text);
  });

  test('a runner group with labels: one label as a string, several as a list', async () => {
    expect(testJob({ runnerGroup: 'gpu', runsOn: ['linux-gpu'] })['runs-on']).toEqual({ group: 'gpu', labels: 'linux-gpu' });
    const text = workflowWith({ runnerGroup: 'gpu', runsOn: ['self-hosted', 'linux'] }).toYaml();
    expect(YAML.parse(text).jobs.test['runs-on']).toEqual({ group: 'gpu', labels: ['self-hosted', 'linux'] });
    await expectValidWorkflow(text);
  });

  test('the group is per job: the build job keeps ubuntu-latest', () => {
    expect(YAML.parse(workflowWith({ runnerGroup: 'gpu' }).toYaml()).jobs.build['runs-on']).toBe('ubuntu-latest');
  });

  test('a group name that YAML would misread is quoted and reads back', async () => {
    const text = workflowWith({ runnerGroup: 'yes' }).toYaml();
    expect(YAML.parse(text).jobs.test['runs-on']).toEqual({ group: 'yes' });
    await expectValidWorkflow(text);
  });

  test.each([
    [{ runsOn: [] }, 'ci/test: runsOn must list at least one non-empty runner label, for example ["ubuntu-latest"].'],
    [{ runnerGroup: '' }, 'ci/test: runnerGroup is empty; give the name of a runner group (for example "larger-runners"), or leave it out.'],
    [{ runnerGroup: '  ', runsOn: ['linux'] }, 'ci/test: runnerGroup is empty; give the name of a runner group (for example "larger-runners"), or leave it out.'],
    [{ runnerGroup: 7 }, 'ci/test: runnerGroup is empty; give the name of a runner group (for example "larger-runners"), or leave it out.'],
  ])('refuses %j', (props, message) => {
    expect(problems(props as unknown as Partial<ContainerTestJobProps>)).toEqual([message]);
  });
});
