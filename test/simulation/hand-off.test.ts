/**
 * Simulated runs of the build -> container job hand-off, evaluated with
 * GitHub's own expression engine (see test/support/simulate.ts): which image a
 * consumer pulls, and whether it runs at all, for every trigger the library
 * supports, for same-repository and fork pull requests, and for empty digests.
 */
import * as fc from 'fast-check';
import { Project } from 'projen';
import { ContainerTestJob, DockerBuildJob, GhaCache, Workflow, WorkflowTriggers } from '../../src';
import { triggersToModel } from '../../src/workflow/trigger-model';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts, RunScenario, simulateRun } from '../support/simulate';
import { tempProject } from '../support/synth';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const OTHER_DIGEST = `sha256:${'fedcba9876543210'.repeat(4)}`;
/** GitHub keeps the owner's and repository's case; image names must be lowercase. */
const REPOSITORY = 'Acme-Corp/Shop';
const IMAGE = 'ghcr.io/acme-corp/shop/app';
/** What a pullable image reference handed to `container.image` looks like. */
const PINNED_IMAGE = /^[a-z0-9]+(?:[._/-][a-z0-9]+)*@sha256:[0-9a-f]{64}$/;

/** One trigger of each event the library supports, keyed by GitHub's event name. */
const TRIGGERS: { [event: string]: WorkflowTriggers } = {
  push: { push: { branches: ['main'] } },
  pull_request: { pullRequest: { branches: ['main'] } },
  merge_group: { mergeGroup: {} },
  workflow_dispatch: { workflowDispatch: {} },
  schedule: { schedule: [{ cron: '0 4 * * 1' }] },
};

/** Every event the library can write, read from the library itself so a new trigger fails this file until it has a scenario. */
const SUPPORTED_EVENTS = Object.keys(triggersToModel({
  push: {}, pullRequest: {}, mergeGroup: {}, workflowDispatch: {}, schedule: [{ cron: '0 4 * * 1' }],
}));

/** The seed shape (one build, one consumer) plus a second consumer that also waits for the first. */
function synthesize(triggers: WorkflowTriggers, project: Project = tempProject('sim')): string {
  const ci = new Workflow(project, 'ci', { triggers });
  const image = new DockerBuildJob(ci, 'build_docker', { image: IMAGE, cache: GhaCache.max() });
  const lint = new ContainerTestJob(ci, 'lint', { image, steps: [{ run: 'make lint' }] });
  const test = new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
  test.addNeeds(lint);
  return ci.toYaml();
}

/** A run of `event` from the repository itself (for pull_request: a branch of the same repository). */
function sameRepoRun(event: string, digest = DIGEST): RunScenario {
  return { eventName: event, repository: REPOSITORY, headRepository: event === 'pull_request' ? REPOSITORY : undefined, digest };
}

describe('simulated runs of the image hand-off (GitHub expression engine)', () => {
  test('the scenarios below cover every trigger the library supports', () => {
    expect(Object.keys(TRIGGERS).sort()).toEqual([...SUPPORTED_EVENTS].sort());
  });

  describe.each(SUPPORTED_EVENTS)('on %s', (event) => {
    const yaml = synthesize(TRIGGERS[event]);

    test('the simulated workflow passes the judge', async () => {
      await expectValidWorkflow(yaml, `sim-${event}.yml`);
    });

    test('a run that pushes hands over <lowercase name>@<digest> and the consumers run in exactly that image', () => {
      const run = simulateRun(yaml, sameRepoRun(event));
      expect(run.builds.build_docker).toEqual({
        loginRuns: true,
        push: 'true',
        tags: `${IMAGE}:${'a'.repeat(40)}`,
        image: `${IMAGE}@${DIGEST}`,
        succeeded: true,
        // Built once: the export for the fork fallback runs on a fork's pull request only.
        buildStepRuns: true,
        archiveRuns: false,
        archive: '',
      });
      for (const id of ['lint', 'test']) {
        expect(run.consumers[id]).toEqual({ runs: true, image: `${IMAGE}@${DIGEST}` });
        expect(run.consumers[id].image).toMatch(PINNED_IMAGE);
      }
    });

    test('an empty digest (nothing pushed) gives an empty image and every consumer skips instead of running on the bare host', () => {
      const run = simulateRun(yaml, sameRepoRun(event, ''));
      expect(run.builds.build_docker.image).toBe('');
      expect(run.consumers.lint).toEqual({ runs: false, image: '' });
      expect(run.consumers.test).toEqual({ runs: false, image: '' });
    });

    test('a failed build skips every consumer', () => {
      const run = simulateRun(yaml, { ...sameRepoRun(event), failedBuilds: ['build_docker'] });
      expect(run.consumers.lint.runs).toBe(false);
      expect(run.consumers.test.runs).toBe(false);
    });
  });

  describe('pull requests', () => {
    const yaml = synthesize(TRIGGERS.pull_request);

    test('from a fork: no login, push false, empty image even if a digest came out, consumers skip', () => {
      const run = simulateRun(yaml, { eventName: 'pull_request', repository: REPOSITORY, headRepository: 'stranger/Shop', digest: DIGEST });
      expect(run.builds.build_docker).toMatchObject({ loginRuns: false, push: 'false', image: '' });
      // Built once, by the export the fork fallback loads (the pushing build step is skipped).
      expect(run.builds.build_docker).toMatchObject({ buildStepRuns: false, archiveRuns: true, archive: `${IMAGE}:${'a'.repeat(40)}` });
      expect(run.consumers.lint).toEqual({ runs: false, image: '' });
      expect(run.consumers.test).toEqual({ runs: false, image: '' });
    });

    test('from a fork that was deleted (head.repo is null): treated as a fork', () => {
      const run = simulateRun(yaml, { eventName: 'pull_request', repository: REPOSITORY, headRepository: null, digest: DIGEST });
      expect(run.builds.build_docker).toMatchObject({ loginRuns: false, push: 'false', image: '' });
      expect(run.consumers.lint.runs).toBe(false);
    });

    test('from the same repository with the name in another case: the same repository (GitHub compares case-insensitively)', () => {
      const run = simulateRun(yaml, { eventName: 'pull_request', repository: REPOSITORY, headRepository: REPOSITORY.toLowerCase(), digest: DIGEST });
      expect(run.builds.build_docker).toMatchObject({ loginRuns: true, push: 'true', image: `${IMAGE}@${DIGEST}` });
      expect(run.consumers.test).toEqual({ runs: true, image: `${IMAGE}@${DIGEST}` });
    });
  });

  test('two images: each consumer runs in the image of its own build job', () => {
    const project = tempProject('sim');
    const ci = new Workflow(project, 'ci', { triggers: { push: {}, pullRequest: {} } });
    const app = new DockerBuildJob(ci, 'build_app', { image: 'ghcr.io/acme-corp/shop/app', cache: GhaCache.max() });
    const tools = new DockerBuildJob(ci, 'build_tools', { image: 'ghcr.io/acme-corp/shop/tools', cache: GhaCache.min({ scope: 'tools' }) });
    new ContainerTestJob(ci, 'app_tests', { image: app, steps: [{ run: 'npm test' }] });
    new ContainerTestJob(ci, 'tool_checks', { image: tools, steps: [{ run: 'make check' }] });
    const yaml = ci.toYaml();

    const run = simulateRun(yaml, { eventName: 'push', repository: REPOSITORY, digest: { build_app: DIGEST, build_tools: OTHER_DIGEST } });
    expect(run.consumers.app_tests).toEqual({ runs: true, image: `ghcr.io/acme-corp/shop/app@${DIGEST}` });
    expect(run.consumers.tool_checks).toEqual({ runs: true, image: `ghcr.io/acme-corp/shop/tools@${OTHER_DIGEST}` });

    // Only the tools image was pushed: only its consumer runs.
    const partial = simulateRun(yaml, { eventName: 'push', repository: REPOSITORY, digest: { build_app: '', build_tools: OTHER_DIGEST } });
    expect(partial.consumers.app_tests.runs).toBe(false);
    expect(partial.consumers.tool_checks.runs).toBe(true);
  });

  test('the helper itself: implicit success() and templates behave as on GitHub', () => {
    const ctx = { contexts: runContexts(sameRepoRun('push')) };
    expect(evaluateCondition("github.event_name == 'PUSH'", ctx)).toBe(true);
    expect(evaluateCondition("github.event_name == 'push'", { ...ctx, success: false })).toBe(false);
    expect(evaluateCondition("always() && github.event_name == 'push'", { ...ctx, success: false })).toBe(true);
    expect(evaluateCondition("${{ github.event_name != 'push' }}", ctx)).toBe(false);
    expect(evaluateString('x:${{ github.sha }}:${{ 1 == 1 }}', ctx)).toBe(`x:${'a'.repeat(40)}:true`);
  });

  test('property: for any event, repository, head repository and digest, a consumer runs exactly when it has a pinned image, only after a push', () => {
    const yaml = synthesize(Object.assign({}, ...Object.values(TRIGGERS)) as WorkflowTriggers);
    const repo = fc.constantFrom(REPOSITORY, 'acme-corp/shop', 'stranger/Shop', 'x/y');
    fc.assert(fc.property(
      fc.constantFrom(...SUPPORTED_EVENTS),
      fc.constantFrom(REPOSITORY, 'ACME-CORP/SHOP'),
      fc.option(fc.option(repo, { nil: null }), { nil: undefined }),
      fc.constantFrom('', DIGEST, OTHER_DIGEST),
      fc.boolean(),
      (eventName, repository, headRepository, digest, buildFails) => {
        const run = simulateRun(yaml, { eventName, repository, headRepository, digest, failedBuilds: buildFails ? ['build_docker'] : [] });
        const build = run.builds.build_docker;
        const fork = eventName === 'pull_request' && (headRepository ?? null)?.toLowerCase() !== repository.toLowerCase();
        expect(build.push).toBe(fork ? 'false' : 'true');
        expect(build.loginRuns).toBe(!fork);
        for (const consumer of Object.values(run.consumers)) {
          expect(consumer.runs).toBe(consumer.image !== '' && !buildFails);
          if (consumer.image !== '') {
            expect(consumer.image).toMatch(PINNED_IMAGE);
            expect(consumer.image).toBe(`${IMAGE}@${digest}`);
            expect(build.push).toBe('true');
          }
        }
        expect(build.image === '').toBe(fork || digest === '');
      },
    ), { numRuns: 300 });
  });
});
