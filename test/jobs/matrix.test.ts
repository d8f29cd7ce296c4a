/**
 * Matrix strategy, sharding and test-report artifacts of container jobs.
 */
import * as YAML from 'yaml';
import { ContainerTestJob, ContainerTestJobProps, DockerBuildJob, IfNoFilesFound, JobStrategy, Matrix, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

function workflowWith(props: Partial<ContainerTestJobProps>): Workflow {
  const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] } } });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' });
  new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }], ...props } as ContainerTestJobProps);
  return ci;
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

describe('matrix', () => {
  test('domain, include, exclude, fail-fast and max-parallel with GitHub\'s keys; values usable in steps', async () => {
    const text = workflowWith({
      strategy: {
        domain: { python: ['3.12', '3.13'], db: ['postgres', 'mysql'] },
        include: [{ python: '3.14', db: 'postgres', experimental: 'true' }],
        exclude: [{ python: '3.12', db: 'mysql' }],
        failFast: false,
        maxParallel: 3,
      },
      name: `tests (${Matrix.value('python')}, ${Matrix.value('db')})`,
      steps: [{ name: 'Test', run: 'tox -e "py$PYTHON"', env: { PYTHON: Matrix.value('python'), DB: Matrix.value('db') }, continueOnError: true }],
    }).toYaml();
    const job = YAML.parse(text).jobs.test;
    expect(job.strategy).toEqual({
      'matrix': {
        python: ['3.12', '3.13'],
        db: ['postgres', 'mysql'],
        include: [{ python: '3.14', db: 'postgres', experimental: 'true' }],
        exclude: [{ python: '3.12', db: 'mysql' }],
      },
      'fail-fast': false,
      'max-parallel': 3,
    });
    expect(job.steps[1].env).toEqual({ PYTHON: '${{ matrix.python }}', DB: '${{ matrix.db }}' });
    // '3.10'-like values stay strings.
    expect(text).toContain("- '3.12'");
    await expectValidWorkflow(text);
  });

  test('Matrix.value is the matrix expression', () => {
    expect(Matrix.value('node-version')).toBe('${{ matrix.node-version }}');
  });

  test('shards: 4 adds matrix.shard 1..4 and SHARD / SHARD_TOTAL for the test runner', async () => {
    const text = workflowWith({
      strategy: { shards: 4 },
      env: { CI: 'true' },
      steps: [{ run: 'npx jest --shard="$SHARD/$SHARD_TOTAL"' }],
    }).toYaml();
    const job = YAML.parse(text).jobs.test;
    expect(job.strategy).toEqual({ matrix: { shard: ['1', '2', '3', '4'] } });
    expect(job.env).toEqual({ CI: 'true', SHARD: '${{ matrix.shard }}', SHARD_TOTAL: '4' });
    await expectValidWorkflow(text);
  });

  test('shards combine with a domain (every shard for every value)', () => {
    const job = YAML.parse(workflowWith({ strategy: { domain: { node: ['20', '22'] }, shards: 2 } }).toYaml()).jobs.test;
    expect(job.strategy.matrix).toEqual({ node: ['20', '22'], shard: ['1', '2'] });
  });

  test.each<[unknown, string[]]>([
    [{}, ['ci/test: strategy defines no combinations; set domain, domainFromJson, include, fromJson or shards.']],
    [{ domain: { python: [] } }, ['ci/test: strategy.domain.python is []; give a non-empty list of strings, numbers, booleans or objects, for example [\'3.12\', \'3.13\'].']],
    [{ domain: { python: ['3.12', '3.12'] } }, ['ci/test: strategy.domain.python lists a value twice; each value makes a job, so list it once.']],
    [{ domain: { include: ['a'] } }, ['ci/test: strategy.domain has the variable "include"; a variable starts with a letter or _, contains only letters, digits, - and _, and is not "include" or "exclude".']],
    [{ domain: { os: ['a'] }, exclude: [{ python: '3.12' }] }, ['ci/test: strategy.exclude uses "python", which is not a variable of strategy.domain; exclude can only remove combinations of the domain.']],
    [{ domain: { os: ['a'] }, include: [] }, ['ci/test: strategy.include is []; give a non-empty list of non-empty maps of variable to value, for example [{ python: \'3.13\', experimental: true }].']],
    [{ shards: 1 }, ['ci/test: strategy.shards is 1; use a whole number from 2 to 256, or leave it out.']],
    [{ shards: 2.5 }, ['ci/test: strategy.shards is 2.5; use a whole number from 2 to 256, or leave it out.']],
    [{ shards: 2, domain: { shard: ['x'] } }, ['ci/test: strategy sets shards and a domain variable "shard"; shards adds "shard" itself, so rename your variable.']],
    [{ domain: { a: Array.from({ length: 20 }, (_, i) => `${i}`), b: Array.from({ length: 20 }, (_, i) => `${i}`) } }, ['ci/test: strategy makes 400 combinations; GitHub runs at most 256 jobs per matrix. Remove values or shards. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategymatrix']],
    [{ shards: 2, maxParallel: 0, failFast: 'no' }, ['ci/test: strategy.failFast is "no"; use true or false.', 'ci/test: strategy.maxParallel is 0; use a positive whole number.']],
    ['fast', ['ci/test: strategy is "fast"; give a matrix such as { domain: { python: [\'3.12\', \'3.13\'] } } or { shards: 4 }.']],
  ])('refuses strategy %j', (strategy, expected) => {
    expect(problems({ strategy: strategy as JobStrategy })).toEqual(expected);
  });

  test('a misspelt or undefined matrix variable in steps, env or services is refused', () => {
    expect(problems({
      strategy: { domain: { python: ['3.12'] } },
      steps: [{ run: 'make', env: { V: Matrix.value('pyhton') } }],
    })).toEqual(['ci/test: reads matrix.pyhton, which the strategy does not define (it defines python); fix the name or add the variable. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategymatrix']);
    expect(problems({ services: [{ name: 'db', image: `postgres:${Matrix.value('pg')}` }] })).toEqual([
      'ci/test: reads matrix.pg, but the job has no strategy; add strategy: { domain: { pg: [...] } } or remove the reference. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategymatrix',
    ]);
  });

  test('an env variable named like the shard variables is refused', () => {
    expect(problems({ strategy: { shards: 2 }, env: { SHARD_TOTAL: '9' } })).toEqual([
      'ci/test: env sets SHARD_TOTAL, which strategy.shards sets to the shard count; rename your variable.',
    ]);
  });

  test('GitHub reads env names ignoring case: shard or Shard_Total in env or outputEnv clash with the shard variables too', () => {
    expect(problems({ strategy: { shards: 2 }, env: { shard: '9' } })).toEqual([
      'ci/test: env sets shard, which GitHub reads as SHARD (env names ignore case), and strategy.shards sets SHARD to the shard number; rename your variable.',
    ]);
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' });
    new ContainerTestJob(ci, 'test', { image, strategy: { shards: 2 }, outputEnv: { Shard_Total: image.output('image') }, steps: [{ run: 'make' }] });
    expect(() => ci.toYaml()).toThrow(WorkflowValidationError);
    expect((() => {
      try {
        ci.toYaml();
      } catch (e) {
        return (e as WorkflowValidationError).problems;
      }
      return [];
    })()).toEqual([
      'ci/test: outputEnv sets Shard_Total, which GitHub reads as SHARD_TOTAL (env names ignore case), and strategy.shards sets SHARD_TOTAL to the shard count; rename your variable.',
    ]);
  });
});

describe('test reports', () => {
  test('uploaded with upload-artifact after the steps, even when they failed, never when cancelled', async () => {
    const text = workflowWith({
      reports: [
        { name: 'junit', path: 'reports/junit.xml' },
        { name: 'coverage', path: 'coverage/\n!coverage/tmp/', ifNoFilesFound: IfNoFilesFound.ERROR, retentionDays: 7 },
      ],
    }).toYaml();
    const steps = YAML.parse(text).jobs.test.steps;
    expect(steps.slice(2)).toEqual([
      { name: 'Upload junit', if: '${{ !cancelled() }}', uses: pinnedUses('uploadArtifact'), with: { 'name': 'junit', 'path': 'reports/junit.xml', 'if-no-files-found': 'warn' } },
      { name: 'Upload coverage', if: '${{ !cancelled() }}', uses: pinnedUses('uploadArtifact'), with: { 'name': 'coverage', 'path': 'coverage/\n!coverage/tmp/', 'if-no-files-found': 'error', 'retention-days': '7' } },
    ]);
    await expectValidWorkflow(text);
  });

  test('in a matrix job each artifact name gets the job index, since names must be unique in a run', async () => {
    const text = workflowWith({ strategy: { shards: 3 }, reports: [{ name: 'junit', path: 'junit.xml' }] }).toYaml();
    expect(YAML.parse(text).jobs.test.steps[2].with.name).toBe('junit-${{ strategy.job-index }}');
    await expectValidWorkflow(text);
  });

  test.each<[unknown, string]>([
    [[{ name: 'a/b', path: 'x' }], 'ci/test: reports[0].name is "a/b"; give a non-empty artifact name without / \\ " : < > | * ? or line breaks, for example "junit".'],
    [[{ name: 'junit', path: 'x' }, { name: 'JUnit', path: 'y' }], 'ci/test: reports[1].name "JUnit" is used by another report of this job; artifact names must be unique in a run.'],
    [[{ name: 'junit' }], 'ci/test: reports[0].path is undefined; give the files to upload, for example "reports/junit.xml".'],
    [[{ name: 'junit', path: 'x', retentionDays: 91 }], 'ci/test: reports[0].retentionDays is 91; use a whole number of days from 1 to 90.'],
    [[{ name: 'junit', path: 'x', ifNoFilesFound: 'fail' }], 'ci/test: reports[0].ifNoFilesFound is "fail"; use IfNoFilesFound.WARN, ERROR or IGNORE.'],
    [[7], 'ci/test: reports[0] is 7; give { name, path }, for example { name: \'junit\', path: \'reports/junit.xml\' }.'],
    [{ name: 'junit' }, 'ci/test: reports is {"name":"junit"}; give a list such as [{ name: \'junit\', path: \'reports/junit.xml\' }].'],
  ])('refuses reports %j', (reports, message) => {
    expect(problems({ reports } as unknown as Partial<ContainerTestJobProps>)).toEqual([message]);
  });
});
