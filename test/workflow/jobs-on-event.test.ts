import { eventScenarios } from '../../src/workflow/event-scenarios';
import { EventJob, jobsOnEvent } from '../../src/workflow/jobs-on-event';

const CAN_PUSH = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";
const IS_FORK_PR = "github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository";
const [PUSH, PR, FORK] = eventScenarios({ push: {}, pullRequest: {} });

/** A job model with `needs` and `if`; `image` declares an output present when `presentWhen` holds. */
function job(id: string, options: { needs?: string[]; if?: string; outputs?: { [name: string]: string } } = {}): EventJob {
  const outputs = options.outputs;
  return {
    id,
    model: { needs: options.needs ?? [], if: options.if, runsOn: ['ubuntu-latest'], permissions: {}, steps: [], outputs: outputs && Object.fromEntries(Object.keys(outputs).map((k) => [k, 'x'])) },
    outputPresentWhen: (name) => outputs?.[name],
  };
}

/** `<id>: <state>[ (<reason>)]` for each job. */
function states(jobs: EventJob[], scenario = PUSH): string[] {
  return [...jobsOnEvent(jobs, scenario)].map(([id, j]) => `${id}: ${j.state}${j.reason ? ` (${j.reason})` : ''}`);
}

describe('jobsOnEvent', () => {
  const seed = [
    job('build', { outputs: { image: CAN_PUSH } }),
    job('test', { needs: ['build'], if: "needs.build.outputs.image != ''" }),
    job('build_fork', { if: IS_FORK_PR }),
    job('result', { needs: ['build', 'test', 'build_fork'], if: 'always()' }),
  ];

  test('the seed: the build and its consumer on push and same-repository pull requests, the fallback on forks, the result always', () => {
    expect(states(seed, PUSH)).toEqual(['build: runs', 'test: runs', 'build_fork: skipped (its if: is false on this event)', 'result: runs']);
    expect(states(seed, PR)).toEqual(states(seed, PUSH));
    expect(states(seed, FORK)).toEqual(['build: runs', 'test: skipped (build hands over no image on this event)', 'build_fork: runs', 'result: runs']);
  });

  test('the outputs of a job that runs are present where it says; a skipped job has none', () => {
    expect(jobsOnEvent(seed, FORK).get('build')?.outputs.get('image')).toBe(false);
    expect(jobsOnEvent(seed, PUSH).get('build')?.outputs.get('image')).toBe(true);
    const skippedBuild = [job('build', { if: "github.event_name == 'schedule'", outputs: { image: CAN_PUSH } })];
    expect(jobsOnEvent(skippedBuild, PUSH).get('build')?.outputs.get('image')).toBe(false);
    // An output without a presence condition is unknown.
    expect(jobsOnEvent([job('meta', { outputs: { tags: undefined as unknown as string } })], PUSH).get('meta')?.outputs.get('tags')).toBeUndefined();
  });

  test('a deploy gated on pushes to main runs only on push', () => {
    const deploy = [...seed, job('deploy', { needs: ['test'], if: "github.event_name == 'push' && github.ref == 'refs/heads/main'" })];
    expect(jobsOnEvent(deploy, PUSH).get('deploy')?.state).toBe('runs');
    expect(jobsOnEvent(deploy, PR).get('deploy')).toMatchObject({ state: 'skipped', reason: 'its if: is false on this event' });
    expect(jobsOnEvent(deploy, FORK).get('deploy')).toMatchObject({ state: 'skipped', reason: 'test is skipped' });
  });

  test('a skip goes down the whole needs chain, past a job that runs with always(), unless the job calls a status function', () => {
    const chain = [
      job('a', { if: "github.event_name == 'schedule'" }),
      job('b', { needs: ['a'], if: 'always()' }),
      job('c', { needs: ['b'] }),
      job('d', { needs: ['a', 'b'], if: "!cancelled() && needs.a.result == 'skipped'" }),
    ];
    expect(states(chain)).toEqual(['a: skipped (its if: is false on this event)', 'b: runs', 'c: skipped (a is skipped)', 'd: runs']);
  });

  test('what only the run knows (inputs, variables, outputs nobody describes) makes a job maybe, and the jobs after it', () => {
    const jobs = [
      job('release', { if: "github.event_name == 'push' && vars.RELEASES == 'on'" }),
      job('publish', { needs: ['release'] }),
      job('notify', { needs: ['release'], if: "always() && needs.release.result == 'success'" }),
      job('never', { if: "inputs.force && github.event_name == 'pull_request'" }),
    ];
    expect(states(jobs)).toEqual(['release: maybe', 'publish: maybe', 'notify: maybe', 'never: skipped (its if: is false on this event)']);
  });

  test('jobs are evaluated in needs order whatever the declaration order; ids compare without case', () => {
    const jobs = [job('Test', { needs: ['BUILD'], if: "needs.build.outputs.image != ''" }), job('build', { outputs: { image: CAN_PUSH } })];
    expect(states(jobs, FORK)).toEqual(['Test: skipped (BUILD hands over no image on this event)', 'build: runs']);
  });
});
