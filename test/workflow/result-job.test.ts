/**
 * The result job: the one check to require in branch protection. It needs
 * every job, runs always, and passes only when each job passed or was
 * skipped on a run that skips it. Each case simulates a run with GitHub's
 * expression engine (test/support/simulate.ts): the jobs' conditions decide
 * which run, then the result step's env is evaluated from their results and
 * its bash script is executed with that env; the exit code is the verdict.
 */
import { spawnSync } from 'child_process';
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, GhaCache, RunnerJob, Workflow, WorkflowResult, WorkflowTriggers } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { hadToRun } from '../../src/workflow/result-job';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts, RunScenario, simulateRun } from '../support/simulate';
import { tempProject } from '../support/synth';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const REPOSITORY = 'acme/shop';
const PR_AND_PUSH: WorkflowTriggers = { push: { branches: ['main'] }, pullRequest: {} };

type ResultStep = { name: string; shell: string; env: { [k: string]: string }; run: string };
type ResultJobYaml = { 'needs': string[]; 'if': string; 'runs-on': unknown; 'permissions': object; 'steps': ResultStep[] };

/** The seed shape: a build, a container job in its image (and the fork fallback the library adds). */
function seed(extra: (ci: Workflow, build: DockerBuildJob, test: ContainerTestJob) => void = () => undefined, triggers = PR_AND_PUSH): string {
  const ci = new Workflow(tempProject('result'), 'ci', { triggers });
  const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/shop', cache: GhaCache.max() });
  const test = new ContainerTestJob(ci, 'test', { image: build, steps: [{ run: 'make test' }] });
  extra(ci, build, test);
  return ci.toYaml();
}

const PUSH: RunScenario = { eventName: 'push', repository: REPOSITORY, digest: DIGEST };
const SAME_REPO_PR: RunScenario = { eventName: 'pull_request', repository: REPOSITORY, headRepository: REPOSITORY, digest: DIGEST };
/** On a fork's pull request nothing is pushed: the build hands over an empty image. */
const FORK_PR: RunScenario = { eventName: 'pull_request', repository: REPOSITORY, headRepository: 'mallory/shop', digest: '' };

interface Verdict {
  readonly passed: boolean;
  /** What the step printed, one line per job. */
  readonly lines: string[];
  /** Each job's result as the result job saw it. */
  readonly results: { [job: string]: string };
}

/** Simulates `run` through the workflow, then runs the result step's script with the env GitHub would give it. */
function verdict(yaml: string, run: RunScenario): Verdict {
  const workflow = YAML.parse(yaml) as { jobs: { [id: string]: ResultJobYaml } };
  const simulated = simulateRun(yaml, run);
  const result = workflow.jobs.result;
  const needs = Object.fromEntries(result.needs.map((id) => [id, simulated.jobs[id]]));
  const ctx = { contexts: { ...runContexts(run), needs } };
  expect(evaluateCondition(result.if, { ...ctx, success: false })).toBe(true); // runs whatever happened before it
  const [step] = result.steps;
  const env = Object.fromEntries(Object.entries(step.env).map(([name, value]) => [name, evaluateString(value, ctx)]));
  const proc = spawnSync('bash', ['-c', step.run], { env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
  return {
    passed: proc.status === 0,
    lines: proc.stdout.trim().split('\n'),
    results: Object.fromEntries(result.needs.map((id) => [id, simulated.jobs[id].result])),
  };
}

describe('the result job', () => {
  const yaml = seed();
  const result = YAML.parse(yaml).jobs.result as ResultJobYaml;

  test('needs every job, runs always, with no token permissions, as one bash step', async () => {
    expect(result.needs).toEqual(['build', 'test', 'build_fork']);
    expect(result.if).toBe('always()');
    expect(result.permissions).toEqual({});
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0].shell).toBe('bash');
    // The build needs nothing and has no if: it always has to run.
    expect(requiredOf(yaml, 'build')).toBe('true');
    await expectValidWorkflow(yaml);
  });

  test('is the last job of the workflow', () => {
    expect(Object.keys(YAML.parse(yaml).jobs).pop()).toBe('result');
  });

  test.each([
    ['a push', PUSH, { build: 'success', test: 'success', build_fork: 'skipped' }],
    ['a same-repository pull request', SAME_REPO_PR, { build: 'success', test: 'success', build_fork: 'skipped' }],
    ['a fork pull request (the fallback runs instead of the container job)', FORK_PR, { build: 'success', test: 'skipped', build_fork: 'success' }],
  ])('passes on %s when the jobs of that path passed', (_, run, results) => {
    const v = verdict(yaml, run);
    expect(v.results).toEqual(results);
    expect(v.passed).toBe(true);
  });

  test('says which jobs were skipped as expected', () => {
    expect(verdict(yaml, FORK_PR).lines).toEqual(['build: passed', 'test: skipped, as this run skips it', 'build_fork: passed']);
  });

  test('fails when the container job failed', () => {
    const v = verdict(yaml, { ...PUSH, failedJobs: ['test'] });
    expect(v.passed).toBe(false);
    expect(v.lines).toContain('::error title=test failure::test: failure');
  });

  test('fails when the build failed (its consumer is skipped, and that skip is not the reason to pass)', () => {
    const v = verdict(yaml, { ...PUSH, failedBuilds: ['build'] });
    expect(v.results.test).toBe('skipped');
    expect(v.passed).toBe(false);
    expect(v.lines).toContain('::error title=build failure::build: failure');
    expect(v.lines).toContain('test: skipped, as this run skips it');
  });

  test('fails when the fork fallback failed on a fork pull request', () => {
    const v = verdict(yaml, { ...FORK_PR, failedJobs: ['build_fork'] });
    expect(v.passed).toBe(false);
    expect(v.lines).toContain('::error title=build_fork failure::build_fork: failure');
  });

  test('fails when the container job was skipped on a push because the build handed over no image', () => {
    const v = verdict(yaml, { ...PUSH, digest: '' });
    expect(v.results).toEqual({ build: 'success', test: 'skipped', build_fork: 'skipped' });
    expect(v.passed).toBe(false);
    expect(v.lines.find((l) => l.startsWith('::error title=test was skipped'))).toBeDefined();
  });
});

/** What the result step's env says about whether `job` had to run. */
function requiredOf(yaml: string, job: string): string {
  const result = YAML.parse(yaml).jobs.result as ResultJobYaml;
  return result.steps[0].env[`REQUIRED_${result.needs.indexOf(job) + 1}`];
}

describe('jobs with conditions of their own', () => {
  const yaml = seed((ci, _build, test) => {
    new RunnerJob(ci, 'deploy', { needs: [test], if: "github.event_name == 'push'", steps: [{ run: './deploy.sh' }] });
    new RunnerJob(ci, 'notify', { needs: [test], if: 'failure()', steps: [{ run: './page-someone.sh' }] });
    new RunnerJob(ci, 'report', { needs: [test], if: '${{ always() }}', steps: [{ run: './report.sh' }] });
  });

  test('a job skipped by its own if on this event passes; on the event it runs for, it must pass', () => {
    expect(verdict(yaml, SAME_REPO_PR).passed).toBe(true);
    expect(verdict(yaml, PUSH).results.deploy).toBe('success');
    expect(verdict(yaml, { ...PUSH, failedJobs: ['deploy'] }).passed).toBe(false);
  });

  test('failure() is rewritten to the results of every job up the chain: the notifier must run when the tests failed', () => {
    const v = verdict(yaml, { ...PUSH, failedJobs: ['test'] });
    expect(v.results.notify).toBe('success');
    expect(v.lines).toContain('notify: passed');
    expect(requiredOf(yaml, 'notify')).toBe("${{ (needs.test.result == 'failure' || needs.build.result == 'failure') }}");
  });

  test('cancelled(), which only an if: may call, is read as false: a job that runs unless the run is cancelled must have run', async () => {
    const withCleanup = seed((ci, _build, test) => {
      new RunnerJob(ci, 'cleanup', { needs: [test], if: '!cancelled()', steps: [{ run: './cleanup.sh' }] });
    });
    expect(requiredOf(withCleanup, 'cleanup')).toBe('true'); // !false, folded: zizmor flags a static expression
    await expectValidWorkflow(withCleanup);
    expect(verdict(withCleanup, PUSH).lines).toContain('cleanup: passed');
    expect(verdict(withCleanup, { ...PUSH, failedJobs: ['cleanup'] }).passed).toBe(false);
  });

  test('always() is true, so a job that always runs must have run', () => {
    expect(requiredOf(yaml, 'report')).toBe('true');
    expect(verdict(yaml, FORK_PR).lines).toContain('report: passed');
  });
});

describe('the condition a job had to run under', () => {
  const job = (id: string, needs: string[], condition?: string) => ({
    id,
    model: { needs, if: condition, runsOn: [], permissions: {}, steps: [] },
    outputPresentWhen: () => undefined,
  });

  test('is GitHub\'s implicit success() && <if>, success() being the jobs it needs', () => {
    const a = job('a', []);
    const b = job('b', ['a'], "github.ref == 'refs/heads/main'");
    expect(hadToRun(b, [a, b])).toBe("(needs.a.result == 'success') && (github.ref == 'refs/heads/main')");
    expect(hadToRun(a, [a, b])).toBe('true');
  });

  test('leaves status functions inside string literals alone', () => {
    const a = job('a', [], "github.event.head_commit.message != 'it''s always() here' && success()");
    expect(hadToRun(a, [a])).toBe("github.event.head_commit.message != 'it''s always() here' && true");
  });

  test('replaces an output guard by the condition its job produces the output under, when the job says', () => {
    const build = { ...job('build', []), outputPresentWhen: (name: string) => (name === 'image' ? "github.event_name != 'pull_request'" : undefined) };
    const uses = job('uses', ['build'], "needs.build.outputs.image != '' && needs.build.outputs.other != ''");
    expect(hadToRun(uses, [build, uses]))
      .toBe("(needs.build.result == 'success') && ((github.event_name != 'pull_request') && needs.build.outputs.other != '')");
  });
});

describe('when a workflow has one', () => {
  const jobsOf = (triggers: WorkflowTriggers, result?: WorkflowResult) => {
    const ci = new Workflow(tempProject('result'), 'ci', { triggers, result });
    new RunnerJob(ci, 'unit', { steps: [{ run: 'make unit' }] });
    return YAML.parse(ci.toYaml()).jobs;
  };

  test.each<[string, WorkflowTriggers, boolean]>([
    ['pull requests', { pullRequest: {} }, true],
    ['merge queues', { mergeGroup: {} }, true],
    ['push only', { push: { branches: ['main'] } }, false],
    ['a schedule', { schedule: [{ cron: '0 4 * * 1' }] }, false],
  ])('on %s: %s by default', (_, triggers, expected) => {
    expect(Object.keys(jobsOf(triggers)).includes('result')).toBe(expected);
  });

  test('WorkflowResult.none() leaves it out; WorkflowResult.job() adds it on any event, with its id, name and runner', () => {
    expect(Object.keys(jobsOf({ pullRequest: {} }, WorkflowResult.none()))).toEqual(['unit']);
    const jobs = jobsOf({ push: {} }, WorkflowResult.job({ id: 'all-green', name: 'CI passed', runnerGroup: 'org-runners', runsOn: ['linux'] }));
    expect(jobs['all-green']).toMatchObject({ 'name': 'CI passed', 'needs': ['unit'], 'runs-on': { group: 'org-runners', labels: 'linux' } });
  });
});

describe('bad input', () => {
  function problems(build: (ci: Workflow) => void, result?: WorkflowResult): string[] {
    const ci = new Workflow(tempProject('result'), 'ci', { triggers: { pullRequest: {} }, result });
    build(ci);
    try {
      ci.toYaml();
    } catch (e) {
      expect(e).toBeInstanceOf(WorkflowValidationError);
      return (e as WorkflowValidationError).problems;
    }
    throw new Error('expected a WorkflowValidationError');
  }

  test('a job with the result job\'s id is refused, saying how to rename either', () => {
    expect(problems((ci) => new RunnerJob(ci, 'Result', { steps: [{ run: 'true' }] }))).toEqual([
      'ci: job "Result" has the id of the workflow\'s result job ("result" by default); rename that job, or give the result job another id: result: WorkflowResult.job({ id: \'result-all\' }).',
    ]);
  });

  test('bad options are listed together', () => {
    const unit = (ci: Workflow) => new RunnerJob(ci, 'unit', { steps: [{ run: 'true' }] });
    expect(problems(unit, WorkflowResult.job({ id: '1st', name: '${{ github.ref }}', runsOn: [], runnerGroup: ' ' }))).toEqual([
      'ci: result id "1st" is not a job id; start with a letter or _, then letters, digits, - and _ (for example "ci-result").',
      'ci: result name "${{ github.ref }}" must be literal text: it is the check branch protection requires, so it must not change from run to run.',
      'ci: result runsOn is []; give runner labels, for example [\'ubuntu-latest\'], or leave it out.',
      'ci: result runnerGroup is " "; give a runner group\'s name, or leave it out.',
    ]);
    expect(problems(unit, 'yes' as unknown as WorkflowResult)).toEqual([
      'ci: result is "yes"; use WorkflowResult.job({ ... }) or WorkflowResult.none(), or leave it out.',
    ]);
  });
});
