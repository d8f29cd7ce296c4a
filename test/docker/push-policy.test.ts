/**
 * Which runs push (`push: PushPolicy.x()`): the push input, the login and
 * the image output follow the policy, and a fork's pull request never
 * pushes whatever it says. Simulated with GitHub's expression engine.
 */
import * as YAML from 'yaml';
import { DockerBuildJob, GhaCache, ImageArtifact, PushPolicy, RunnerJob, Workflow } from '../../src';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts, RunScenario, simulateRun } from '../support/simulate';
import { tempProject } from '../support/synth';

const REPOSITORY = 'acme/shop';
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

const SCENARIOS: { [label: string]: RunScenario } = {
  'push to main': { eventName: 'push', repository: REPOSITORY, digest: DIGEST },
  'push to a branch': { eventName: 'push', repository: REPOSITORY, digest: DIGEST, ref: 'refs/heads/feature' },
  'push of tag v1.2.3': { eventName: 'push', repository: REPOSITORY, digest: DIGEST, ref: 'refs/tags/v1.2.3' },
  'same-repository pull request': { eventName: 'pull_request', repository: REPOSITORY, headRepository: REPOSITORY, digest: DIGEST },
  'fork pull request': { eventName: 'pull_request', repository: REPOSITORY, headRepository: 'mallory/shop', digest: DIGEST },
};

function synthesize(push: PushPolicy | undefined): string {
  const ci = new Workflow(tempProject('push-policy'), 'ci', { triggers: { push: { branches: ['main', 'feature'], tags: ['v*'] }, pullRequest: {} } });
  const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/shop', cache: GhaCache.max(), push, artifact: ImageArtifact.dockerArchive() });
  new RunnerJob(ci, 'e2e', { images: [build.onRunner()], steps: [{ run: 'docker run --rm "$IMAGE" selftest' }] });
  return ci.toYaml();
}

/** The runs each policy pushes on, in the order of SCENARIOS. */
const PUSHES: [string, PushPolicy | undefined, boolean[]][] = [
  ['trustedEvents() (the default)', undefined, [true, true, true, true, false]],
  ['defaultBranch()', PushPolicy.defaultBranch(), [true, false, false, false, false]],
  ['tags()', PushPolicy.tags(), [false, false, true, false, false]],
  ['defaultBranchAndTags()', PushPolicy.defaultBranchAndTags(), [true, false, true, false, false]],
  ['never()', PushPolicy.never(), [false, false, false, false, false]],
];

describe.each(PUSHES)('push: PushPolicy.%s', (_label, policy, expected) => {
  const yaml = synthesize(policy);

  test('passes the judge', async () => {
    await expectValidWorkflow(yaml, `push-policy-${_label.replace(/\W+/g, '-')}.yml`);
  });

  test.each(Object.keys(SCENARIOS).map((label, i) => [label, expected[i]] as const))('%s: pushes %s; the job on the runner gets the archive either way', (label, pushes) => {
    const run = simulateRun(yaml, SCENARIOS[label]);
    const build = run.builds.build;
    expect(build.loginRuns).toBe(pushes);
    expect(build.push).toBe(pushes ? 'true' : 'false');
    expect(build.image).toBe(pushes ? `ghcr.io/acme/shop@${DIGEST}` : '');
    // One build per run: the pushing step where it pushes, the export otherwise.
    expect(build.buildStepRuns).toBe(pushes);
    expect(build.archiveRuns).toBe(true);
    expect(run.runnerConsumers.e2e.runs).toBe(true);
  });

  test('the cache is written by the export on the runs that may write but do not push, by the build step on the others, never by both', () => {
    const steps = YAML.parse(yaml).jobs.build.steps as { id?: string; if?: string; with?: { [k: string]: string } }[];
    for (const label of Object.keys(SCENARIOS)) {
      const ctx = { contexts: runContexts(SCENARIOS[label]) };
      // A step that runs (its if) and exports a cache (its cache-to is not empty there).
      const written = steps.filter((s) => (s.id === 'build' || s.id === 'archive') && evaluateCondition(s.if, ctx)
        && s.with?.['cache-to'] !== undefined && evaluateString(s.with['cache-to'], ctx) !== '').map((s) => s.id);
      // The gha cache is written on every trusted run (not a fork's pull request), once.
      expect([label, written.length]).toEqual([label, label === 'fork pull request' ? 0 : 1]);
    }
  });
});
