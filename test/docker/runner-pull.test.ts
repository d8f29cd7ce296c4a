/**
 * A DockerBuildJob's image used on another job's runner (`build.onRunner()`):
 * login with the build's registry, `docker pull` by digest from an env
 * variable, an optional local tag; simulated with GitHub's expression engine
 * for a push, a same-repository pull request and a fork's pull request.
 */
import * as fc from 'fast-check';
import * as YAML from 'yaml';
import { DockerBuildJob, GhaCache, PermissionLevel, Registry, RunnerJob, Workflow } from '../../src';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { evaluateString, runContexts, RunScenario, simulateRun } from '../support/simulate';
import { tempProject } from '../support/synth';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const WORKER_DIGEST = `sha256:${'fedcba9876543210'.repeat(4)}`;
const REPOSITORY = 'Acme-Corp/Shop';
/** A pullable reference pinned by digest. */
const PINNED = /^[a-z0-9]+(?:[._/-][a-z0-9]+)*@sha256:[0-9a-f]{64}$/;

const PUSH: RunScenario = { eventName: 'push', repository: REPOSITORY, digest: { build: DIGEST, build_worker: WORKER_DIGEST } };
const SAME_REPO_PR: RunScenario = { ...PUSH, eventName: 'pull_request', headRepository: REPOSITORY };
/** A fork's token cannot push: the build step reports no digest. */
const FORK_PR: RunScenario = { eventName: 'pull_request', repository: REPOSITORY, headRepository: 'mallory/Shop', digest: '' };

/** An app image, a worker image, and an e2e job that uses both on the runner. */
function synthesize(): string {
  const ci = new Workflow(tempProject('runner-pull'), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const app = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme-corp/shop', cache: GhaCache.max() });
  const worker = new DockerBuildJob(ci, 'build_worker', { image: 'ghcr.io/acme-corp/shop/worker', cache: GhaCache.max({ scope: 'worker' }) });
  new RunnerJob(ci, 'e2e', {
    images: [app.onRunner({ env: 'APP_IMAGE', localTag: 'shop:ci' }), worker.onRunner({ env: 'WORKER_IMAGE' })],
    steps: [
      { name: 'Start the stack', run: 'docker compose -f compose.ci.yml up -d --wait' },
      { name: 'Load into kind', run: 'kind create cluster && kind load docker-image shop:ci' },
    ],
  });
  return ci.toYaml();
}

describe('a build\'s image on the runner', () => {
  const yaml = synthesize();
  const e2e = YAML.parse(yaml).jobs.e2e;

  test('passes the judge', async () => {
    await expectValidWorkflow(yaml, 'runner-pull.yml');
  });

  test('one login to GHCR for both images, then each pulled from its variable, the app also tagged locally', () => {
    expect(e2e.steps.slice(0, 4)).toEqual([
      { name: 'Log in to ghcr.io to pull', uses: pinnedUses('login'), with: { registry: 'ghcr.io', username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' } },
      { name: 'Pull APP_IMAGE by digest (image of job build)', shell: 'bash', run: 'docker pull "$APP_IMAGE"\ndocker tag "$APP_IMAGE" shop:ci' },
      { name: 'Pull WORKER_IMAGE by digest (image of job build_worker)', shell: 'bash', run: 'docker pull "$WORKER_IMAGE"' },
      expect.objectContaining({ name: 'Check out repository' }),
    ]);
    // The reference reaches the scripts through env, never interpolated into them.
    expect(e2e.steps.filter((s: { run?: string }) => s.run?.includes('${{'))).toEqual([]);
    expect(e2e.needs).toEqual(['build', 'build_worker']);
    expect(e2e.permissions).toEqual({ contents: 'read', packages: 'read' });
  });

  test.each([['a push', PUSH], ['a same-repository pull request', SAME_REPO_PR]])('on %s: the job runs and pulls exactly the digests the builds pushed', (_, run) => {
    const simulated = simulateRun(yaml, run);
    expect(simulated.runnerConsumers.e2e).toEqual({
      runs: true,
      pulls: { APP_IMAGE: `ghcr.io/acme-corp/shop@${DIGEST}`, WORKER_IMAGE: `ghcr.io/acme-corp/shop/worker@${WORKER_DIGEST}` },
      loads: {},
    });
    for (const reference of Object.values(simulated.runnerConsumers.e2e.pulls)) {
      expect(reference).toMatch(PINNED);
    }
    expect(simulated.runnerConsumers.e2e.pulls.APP_IMAGE).toBe(simulated.builds.build.image);
  });

  test('on a fork\'s pull request nothing is pushed: the job is skipped (never pulls an empty or stale reference), and the result job expects that skip', () => {
    const simulated = simulateRun(yaml, FORK_PR);
    expect(simulated.builds.build).toMatchObject({ push: 'false', image: '' });
    expect(simulated.runnerConsumers.e2e).toEqual({ runs: false, pulls: { APP_IMAGE: '', WORKER_IMAGE: '' }, loads: {} });
    const result = YAML.parse(yaml).jobs.result;
    const required = result.steps[0].env[`REQUIRED_${result.needs.indexOf('e2e') + 1}`];
    const needs = Object.fromEntries(result.needs.map((id: string) => [id, simulated.jobs[id]]));
    expect(evaluateString(required, { contexts: { ...runContexts(FORK_PR), needs } })).toBe('false');
    // On a push the same skip would fail the result: the job had to run.
    const push = simulateRun(yaml, PUSH);
    const pushNeeds = Object.fromEntries(result.needs.map((id: string) => [id, push.jobs[id]]));
    expect(evaluateString(required, { contexts: { ...runContexts(PUSH), needs: pushNeeds } })).toBe('true');
  });

  test('property: for any event, head repository and digests, the job runs exactly when every reference it pulls is this run\'s pinned digest', () => {
    fc.assert(fc.property(
      fc.constantFrom('push', 'pull_request', 'merge_group', 'workflow_dispatch', 'schedule'),
      fc.option(fc.option(fc.constantFrom(REPOSITORY, 'acme-corp/shop', 'mallory/Shop'), { nil: null }), { nil: undefined }),
      fc.constantFrom('', DIGEST), fc.constantFrom('', WORKER_DIGEST),
      (eventName, headRepository, app, worker) => {
        const run = simulateRun(yaml, { eventName, repository: REPOSITORY, headRepository, digest: { build: app, build_worker: worker } });
        const { runs, pulls } = run.runnerConsumers.e2e;
        expect(runs).toBe(Object.values(pulls).every((ref) => PINNED.test(ref)));
        if (runs) {
          expect(pulls).toEqual({ APP_IMAGE: `ghcr.io/acme-corp/shop@${app}`, WORKER_IMAGE: `ghcr.io/acme-corp/shop/worker@${worker}` });
        }
      },
    ), { numRuns: 200 });
  });

  test('a failed build skips the job', () => {
    expect(simulateRun(yaml, { ...PUSH, failedBuilds: ['build_worker'] }).runnerConsumers.e2e.runs).toBe(false);
  });
});

describe('other registries', () => {
  test('Docker Hub: the login reads the build\'s secrets and the job needs no packages permission', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] } } });
    const build = new DockerBuildJob(ci, 'build', {
      image: 'docker.io/acme/shop',
      registry: Registry.dockerHub({ usernameSecret: 'DOCKERHUB_USERNAME', passwordSecret: 'DOCKERHUB_TOKEN' }),
      cache: GhaCache.max(),
    });
    new RunnerJob(ci, 'smoke', { images: [build.onRunner()], steps: [{ run: 'docker run --rm "$IMAGE" --version' }] });
    const yaml = ci.toYaml();
    const job = YAML.parse(yaml).jobs.smoke;
    expect(job.permissions).toEqual({ contents: 'read' });
    expect(job.env).toEqual({ IMAGE: '${{ needs.build.outputs.image }}' });
    // login-action's default registry is Docker Hub.
    expect(job.steps[0].with).toEqual({ username: '${{ secrets.DOCKERHUB_USERNAME }}', password: '${{ secrets.DOCKERHUB_TOKEN }}' });
    await expectValidWorkflow(yaml);
  });

  test('an image named after the repository: the reference is the build\'s lowercased output, the same env and guard', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
    const build = new DockerBuildJob(ci, 'build', { image: `${DockerBuildJob.REPOSITORY_IMAGE}/api`, cache: GhaCache.max() });
    new RunnerJob(ci, 'smoke', { images: [build.onRunner({ env: 'API_IMAGE' })], steps: [{ run: 'docker run --rm "$API_IMAGE" --version' }] });
    const yaml = ci.toYaml();
    const job = YAML.parse(yaml).jobs.smoke;
    expect(job.env).toEqual({ API_IMAGE: '${{ needs.build.outputs.image }}' });
    expect(job.if).toBe("needs.build.outputs.image != ''");
    await expectValidWorkflow(yaml);
  });

  test('a job that sets packages lower than the pull needs is refused, naming the pull', () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/shop', cache: GhaCache.max() });
    new RunnerJob(ci, 'smoke', { images: [build.onRunner()], permissions: { packages: PermissionLevel.NONE }, steps: [{ run: 'true' }] });
    expect(() => ci.toYaml()).toThrow(/ci\/smoke: .*packages.*RunnerJob "smoke" \(to pull the image of job "build" from ghcr.io with the GITHUB_TOKEN\)/);
  });
});
