/**
 * Builds from builds: an image built FROM another image of the same run
 * (`buildContexts: { base: base.asBuildContext() }`). Runs are simulated
 * with GitHub's expression engine (test/support/simulate.ts).
 */
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, ForkPullRequests, GhaCache, PlatformStrategy, Workflow } from '../../src';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts, RunScenario, simulateRun } from '../support/simulate';
import { tempProject } from '../support/synth';

const BASE = `sha256:${'1'.repeat(64)}`;
const APP = `sha256:${'2'.repeat(64)}`;

type StepYaml = { id?: string; with?: { [k: string]: string } };
type JobYaml = { needs?: string[]; if?: string; steps: StepYaml[]; env?: { [k: string]: string } };

function pipeline(app: Partial<ConstructorParameters<typeof DockerBuildJob>[2]> = {}) {
  const ci = new Workflow(tempProject('from-build'), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const base = new DockerBuildJob(ci, 'base', { image: 'ghcr.io/acme/base', cache: GhaCache.max() });
  const image = new DockerBuildJob(ci, 'app', { image: 'ghcr.io/acme/app', cache: GhaCache.max(), buildContexts: { base: base.asBuildContext() }, ...app });
  new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
  return ci;
}

const jobsOf = (yaml: string) => (YAML.parse(yaml) as { jobs: { [id: string]: JobYaml } }).jobs;

const PUSH: RunScenario = { eventName: 'push', repository: 'acme/shop', digest: { base: BASE, app: APP } };
const FORK_PR: RunScenario = { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'mallory/shop', digest: '' };

describe('a build FROM another build of the same run', () => {
  const yaml = pipeline().toYaml();
  const jobs = jobsOf(yaml);

  test('is a valid workflow', async () => {
    await expectValidWorkflow(yaml);
  });

  test('reads the other build\'s exact digest as a docker-image:// context, needs it, and is skipped when it is empty', () => {
    expect(jobs.app.needs).toEqual(['base']);
    expect(jobs.app.if).toBe("needs.base.outputs.image != ''");
    expect(jobs.app.steps.find((s) => s.id === 'build')!.with!['build-contexts']).toBe('base=docker-image://${{ needs.base.outputs.image }}');
  });

  test('on a push the app is built FROM the base this run pushed, by digest', () => {
    const run = simulateRun(yaml, PUSH);
    const build = jobs.app.steps.find((s) => s.id === 'build')!;
    const ctx = { contexts: { ...runContexts(PUSH), needs: { base: run.jobs.base } } };
    expect(evaluateCondition(jobs.app.if, { ...ctx, success: true })).toBe(true);
    expect(evaluateString(build.with!['build-contexts'], ctx)).toBe(`base=docker-image://ghcr.io/acme/base@${BASE}`);
    expect(run.consumers.test).toEqual({ runs: true, image: `ghcr.io/acme/app@${APP}` });
  });

  test('on a fork\'s pull request the app is skipped, not built FROM an empty reference, and the notice says why its tests are', () => {
    const run = simulateRun(yaml, FORK_PR);
    expect(run.jobs.app.result).toBe('skipped');
    expect(run.consumers.test.runs).toBe(false);
    expect(Object.keys(jobs)).toEqual(['base', 'app', 'test', 'fork_notice', 'result']);
    expect(run.jobs.fork_notice.result).toBe('success');
  });

  test('the result job counts that skip as expected on a fork, and as a failure on a push', () => {
    const result = jobs.result as JobYaml & { steps: { env: { [k: string]: string } }[] };
    const required = result.steps[0].env[`REQUIRED_${result.needs!.indexOf('app') + 1}`];
    const on = (run: RunScenario) => evaluateString(required, { contexts: { ...runContexts(run), needs: simulateRun(yaml, run).jobs } });
    expect(on(FORK_PR)).toBe('false');
    expect(on(PUSH)).toBe('true');
  });

  test('an explicit fork fallback is refused: nothing it could build FROM exists there', () => {
    expect(() => pipeline({ forkPullRequests: ForkPullRequests.fallback() }).toYaml())
      .toThrow(/ci\/app: buildContexts reads needs\.base\.outputs\.image, which is empty on a fork's pull request[\s\S]*ForkPullRequests\.skipConsumers\(\)/);
    expect(() => pipeline({ forkPullRequests: ForkPullRequests.none() }).toYaml()).not.toThrow();
  });

  test('with native runners the platform legs carry the same guard', async () => {
    const native = pipeline({ platforms: ['linux/amd64', 'linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners() }).toYaml();
    const legs = jobsOf(native).app_platforms;
    expect(legs.if).toBe("needs.base.outputs.image != ''");
    await expectValidWorkflow(native);
  });
});
