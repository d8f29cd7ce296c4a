/**
 * No cache poisoning: a cache every branch reads (registry, inline, S3, local
 * folder) is written from the default branch only unless the build says
 * otherwise, and a run that builds a tag reads no cache at all unless
 * `cacheOnTags`. The gha cache, which GitHub scopes per branch, keeps the
 * trusted() default. Every case is a simulated run: the rendered `cache-from`,
 * `cache-to` and step conditions are evaluated with GitHub's expression
 * engine in the contexts of that run.
 */
import * as YAML from 'yaml';
import {
  CacheWritePolicy, DockerBuildJob, DockerBuildJobProps, GhaCache, IDockerCache, InlineCache, LocalCache, RegistryCache, S3Cache, Workflow,
  WorkflowTriggers,
} from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { ContextValue, evaluateCondition, evaluateString, runContexts } from '../support/simulate';
import { tempProject } from '../support/synth';

const IMAGE = 'ghcr.io/acme/app';
const REPOSITORY = 'acme/app';

type Step = { name?: string; if?: string; uses?: string; run?: string; with?: { [k: string]: string } };

/** A run: the event and the ref it runs for (the repository's default branch is `main`). */
interface Run {
  readonly label: string;
  readonly eventName: string;
  readonly ref: string;
  /** For pull requests: the head repository. */
  readonly head?: string;
}

const PUSH_MAIN: Run = { label: 'a push to the default branch', eventName: 'push', ref: 'refs/heads/main' };
const PUSH_BRANCH: Run = { label: 'a push to another branch', eventName: 'push', ref: 'refs/heads/feature' };
const SAME_REPO_PR: Run = { label: 'a same-repository pull request', eventName: 'pull_request', ref: 'refs/pull/7/merge', head: REPOSITORY };
const FORK_PR: Run = { label: 'a fork pull request', eventName: 'pull_request', ref: 'refs/pull/7/merge', head: 'mallory/app' };
const TAG_PUSH: Run = { label: 'a tag push', eventName: 'push', ref: 'refs/tags/v1.2.3' };
const RELEASE: Run = { label: 'a release', eventName: 'release', ref: 'refs/tags/v1.2.3' };
const DISPATCH_ON_TAG: Run = { label: 'a manual run on a tag', eventName: 'workflow_dispatch', ref: 'refs/tags/v1.2.3' };

function contexts(run: Run): { [name: string]: ContextValue } {
  const base = runContexts({ eventName: run.eventName, repository: REPOSITORY, headRepository: run.head, digest: '' });
  const github = base.github as { [key: string]: ContextValue };
  const event = github.event as { [key: string]: ContextValue };
  return { ...base, github: { ...github, ref: run.ref, event: { ...event, repository: { default_branch: 'main' } } } };
}

/** What the build job of one simulated run reads and writes. */
interface CacheUse {
  /** The non-empty `cache-from` lines the build receives. */
  readonly reads: string[];
  /** The `cache-to` the build receives ('' when it writes nothing). */
  readonly writes: string;
  /** The cache tags pushed with the image (a registry cache is written through them too). */
  readonly tags: string[];
  /** Names of the steps that run. */
  readonly stepsThatRun: string[];
}

const ALL_EVENTS: WorkflowTriggers = {
  push: { branches: ['main', 'feature'], tags: ['v*'] }, pullRequest: {}, release: {}, workflowDispatch: {},
};

function synthesize(cache: IDockerCache, props: Partial<DockerBuildJobProps> = {}, triggers: WorkflowTriggers = ALL_EVENTS) {
  const ci = new Workflow(tempProject('poison'), 'ci', { triggers });
  new DockerBuildJob(ci, 'build', { image: IMAGE, cache, ...props });
  const yaml = ci.toYaml();
  return { yaml, steps: (YAML.parse(yaml).jobs.build.steps as Step[]) };
}

function simulate(steps: Step[], run: Run): CacheUse {
  const ctx = { contexts: contexts(run) };
  const build = steps.find((s) => s.uses?.startsWith('docker/build-push-action'))!;
  const lines = (value: string | undefined) => evaluateString(value ?? '', ctx).split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return {
    reads: lines(build.with!['cache-from']),
    writes: evaluateString(build.with!['cache-to'] ?? '', ctx),
    tags: lines(build.with!.tags),
    stepsThatRun: steps.filter((s) => evaluateCondition(s.if, ctx)).map((s) => s.name ?? s.uses ?? s.run ?? ''),
  };
}

const S3 = S3Cache.max({ bucket: 'acme-cache', region: 'eu-west-1', name: 'app' });
const SHARED: [string, IDockerCache][] = [
  ['a registry cache', RegistryCache.max({ ref: `${IMAGE}:buildcache` })],
  ['an inline cache', new InlineCache({ tag: 'buildcache' })],
  ['an S3 cache', S3],
  ['a local folder cache', LocalCache.max({ key: 'buildx-app' })],
];

/** Whether the run put anything into the cache: a cache-to export, or an inline cache tag pushed with the image. */
function wrote(use: CacheUse): boolean {
  return use.writes !== '' || use.tags.some((tag) => tag.endsWith(':buildcache'));
}

describe('a cache every branch reads is written from the default branch only', () => {
  describe.each(SHARED)('%s', (_, cache) => {
    const { yaml, steps } = synthesize(cache);

    test('the workflow passes the judges', async () => {
      await expectValidWorkflow(yaml);
    });

    test('a push to the default branch writes it', () => {
      expect(wrote(simulate(steps, PUSH_MAIN))).toBe(true);
    });

    test.each([PUSH_BRANCH, SAME_REPO_PR, FORK_PR, TAG_PUSH, RELEASE])('$label does not write it', (run) => {
      const use = simulate(steps, run);
      expect(use.writes).toBe('');
      expect(use.tags.filter((tag) => tag.endsWith(':buildcache'))).toEqual([]);
      expect(use.stepsThatRun.filter((name) => /^(Save build cache|Replace )/.test(name))).toEqual([]);
    });

    test.each([PUSH_MAIN, PUSH_BRANCH, SAME_REPO_PR, FORK_PR])('$label reads it', (run) => {
      const use = simulate(steps, run);
      expect(use.reads.length).toBeGreaterThan(0);
    });
  });

  test('an explicit policy is kept: trusted() lets any trusted branch write a registry cache', () => {
    const { steps } = synthesize(RegistryCache.max({ ref: `${IMAGE}:buildcache` }), { cacheWritePolicy: CacheWritePolicy.trusted() });
    expect(wrote(simulate(steps, PUSH_BRANCH))).toBe(true);
    expect(wrote(simulate(steps, SAME_REPO_PR))).toBe(true);
    expect(wrote(simulate(steps, FORK_PR))).toBe(false);
  });

  test('the gha cache, scoped per branch by GitHub, is written by every trusted run (trusted() by default)', () => {
    const { steps } = synthesize(GhaCache.max({ scope: 'app' }));
    expect(simulate(steps, PUSH_BRANCH).writes).toContain('type=gha');
    expect(simulate(steps, SAME_REPO_PR).writes).toContain('type=gha');
    expect(simulate(steps, FORK_PR).writes).toBe('');
  });
});

describe('a run that builds a tag reads no cache unless cacheOnTags', () => {
  const caches: [string, IDockerCache][] = [['a gha cache', GhaCache.max({ scope: 'app' })], ...SHARED];

  describe.each(caches)('%s', (_, cache) => {
    const { steps } = synthesize(cache, { cacheFrom: [GhaCache.max({ scope: 'base' })] });

    test.each([TAG_PUSH, RELEASE, DISPATCH_ON_TAG])('$label reads nothing (cache-from lines and folder restores)', (run) => {
      const use = simulate(steps, run);
      expect(use.reads).toEqual([]);
      expect(use.stepsThatRun.filter((name) => name.startsWith('Restore build cache'))).toEqual([]);
    });

    test.each([PUSH_MAIN, SAME_REPO_PR])('$label still reads the written cache and every cacheFrom', (run) => {
      const use = simulate(steps, run);
      expect(use.reads.some((line) => line.includes('scope=base'))).toBe(true);
      expect(use.reads.length).toBeGreaterThanOrEqual(2);
    });

    test('with cacheOnTags: true a tag build reads them', () => {
      const asked = synthesize(cache, { cacheFrom: [GhaCache.max({ scope: 'base' })], cacheOnTags: true });
      const use = simulate(asked.steps, RELEASE);
      expect(use.reads.some((line) => line.includes('scope=base'))).toBe(true);
      expect(use.reads.length).toBeGreaterThanOrEqual(2);
    });
  });

  test('a workflow that never runs on a tag keeps its cache-from lines plain', () => {
    const { steps } = synthesize(GhaCache.max({ scope: 'app' }), {}, { push: { branches: ['main'] }, pullRequest: {} });
    const build = steps.find((s) => s.uses?.startsWith('docker/build-push-action'))!;
    expect(build.with!['cache-from']).toBe('type=gha,scope=app');
  });

  test.each<[string, WorkflowTriggers, boolean]>([
    ['push to branches', { push: { branches: ['main'] } }, false],
    ['push with tags', { push: { tags: ['v*'] } }, true],
    ['push without filters', { push: {} }, true],
    ['push with paths only', { push: { paths: ['src/**'] } }, true],
    ['pull requests', { pullRequest: {} }, false],
    ['schedule', { schedule: [{ cron: '0 4 * * 1' }] }, false],
    ['release', { release: {} }, true],
    ['manual runs', { workflowDispatch: {} }, true],
  ])('Workflow.mayRunOnTags for %s is %s', (_, triggers, expected) => {
    expect(new Workflow(tempProject('tags'), 'ci', { triggers }).mayRunOnTags).toBe(expected);
  });

  test('cacheOnTags must be a boolean', () => {
    const ci = new Workflow(tempProject('poison'), 'ci', { triggers: ALL_EVENTS });
    new DockerBuildJob(ci, 'build', { image: IMAGE, cache: GhaCache.max(), cacheOnTags: 'yes' as unknown as boolean });
    let error: unknown;
    try {
      ci.toYaml();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkflowValidationError);
    expect((error as Error).message).toContain('ci/build: cacheOnTags is "yes"; use true to read the caches when building a tag, or leave it out.');
  });
});
