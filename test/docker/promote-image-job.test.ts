/**
 * PromoteImageJob: release tags for the exact digest the named jobs tested,
 * only after they passed, without a rebuild. Runs are simulated with
 * GitHub's expression engine (test/support/simulate.ts); the promotion
 * script is executed with a stand-in `docker` that records its arguments
 * and answers `imagetools inspect`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, GhaCache, PromoteImageJob, ReleaseTag, RunnerJob, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts, RunScenario, simulateRun } from '../support/simulate';
import { tempProject } from '../support/synth';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const REPOSITORY = 'acme/shop';

type StepYaml = {
  name?: string; id?: string; if?: string; uses?: string; with?: { [k: string]: string }; env?: { [k: string]: string }; run?: string;
};
type JobYaml = { 'needs': string[]; 'if'?: string; 'permissions': { [scope: string]: string }; 'steps': StepYaml[]; 'timeout-minutes': number };

/** build -> test (in the image) and e2e (the image as a service) -> release. */
function pipeline(release: Partial<ConstructorParameters<typeof PromoteImageJob>[2]> = {}) {
  const ci = new Workflow(tempProject('promote'), 'ci', { triggers: { push: { branches: ['main'], tags: ['v*'] }, pullRequest: {} } });
  const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/shop', cache: GhaCache.max() });
  const test = new ContainerTestJob(ci, 'test', { image: build, steps: [{ run: 'make test' }] });
  const e2e = new RunnerJob(ci, 'e2e', { services: [build.asService('app')], steps: [{ run: 'make e2e' }] });
  const lint = new RunnerJob(ci, 'lint', { steps: [{ run: 'make lint' }] });
  new PromoteImageJob(ci, 'release', {
    image: build,
    testedBy: [test, e2e],
    tags: [ReleaseTag.semver(), ReleaseTag.semver('{{major}}.{{minor}}'), ReleaseTag.latestOnDefaultBranch(), ReleaseTag.raw('stable', { when: "github.ref == 'refs/heads/main'" })],
    ...release,
  });
  return { ci, build, test, e2e, lint };
}

function releaseJob(yaml: string): JobYaml {
  return (YAML.parse(yaml) as { jobs: { [id: string]: JobYaml } }).jobs.release;
}

const PUSH_MAIN: RunScenario = { eventName: 'push', repository: REPOSITORY, digest: DIGEST };
const PUSH_TAG: RunScenario = { ...PUSH_MAIN, ref: 'refs/tags/v1.2.3' };
const SAME_REPO_PR: RunScenario = { eventName: 'pull_request', repository: REPOSITORY, headRepository: REPOSITORY, digest: DIGEST };
const FORK_PR: RunScenario = { eventName: 'pull_request', repository: REPOSITORY, headRepository: 'mallory/shop', digest: '' };

/** Whether the release job runs in `run`, and what its script would read. */
function simulateRelease(yaml: string, run: RunScenario): { runs: boolean; source?: string } {
  const simulated = simulateRun(yaml, run);
  const job = releaseJob(yaml);
  const needs = Object.fromEntries(job.needs.map((id) => [id, simulated.jobs[id]]));
  const ctx = { contexts: { ...runContexts(run), needs }, success: job.needs.every((id) => simulated.jobs[id].result === 'success') };
  const runs = evaluateCondition(job.if, ctx);
  const step = job.steps.find((s) => s.run !== undefined)!;
  return { runs, source: runs ? evaluateString(step.env!.SOURCE, ctx) : undefined };
}

describe('the promotion job', () => {
  const { ci } = pipeline();
  const yaml = ci.toYaml();
  const job = releaseJob(yaml);

  test('is a valid workflow (GitHub\'s parser, actionlint, zizmor)', async () => {
    await expectValidWorkflow(yaml);
  });

  test('needs the build and every job that tested its digest, and reads each one\'s result', () => {
    expect(job.needs).toEqual(['build', 'test', 'e2e']);
    expect(job.if).toContain("needs.build.outputs.image != ''");
    expect(job.if).toContain("needs.test.result == 'success'");
    expect(job.if).toContain("needs.e2e.result == 'success'");
  });

  test('tags the digest the tests ran, by its job output, with no checkout and no rebuild', () => {
    const script = job.steps.find((s) => s.name === 'Tag the tested digest')!;
    expect(script.env).toEqual({ SOURCE: '${{ needs.build.outputs.image }}', TAGS: '${{ steps.tags.outputs.tags }}' });
    expect(script.run).toContain('docker buildx imagetools create --prefer-index=false');
    expect(job.steps.some((s) => (s.uses ?? '').startsWith('actions/checkout') || (s.uses ?? '').startsWith('docker/build-push-action'))).toBe(false);
  });

  test('computes the tags with metadata-action from the rules given, latest never implied', () => {
    const meta = job.steps.find((s) => s.id === 'tags')!;
    expect(meta.uses).toMatch(/^docker\/metadata-action@[0-9a-f]{40}$/);
    expect(meta.with).toEqual({
      images: 'ghcr.io/acme/shop',
      flavor: 'latest=false',
      tags: "type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=raw,value=latest,enable={{is_default_branch}}\ntype=raw,value=stable,enable=${{ github.ref == 'refs/heads/main' }}",
    });
  });

  test('logs in on every run it makes (it never runs where the build could not push) and may write packages, nothing else', () => {
    const login = job.steps.find((s) => (s.uses ?? '').startsWith('docker/login-action'))!;
    expect(login.if).toBeUndefined();
    expect(job.permissions).toEqual({ packages: 'write' });
  });
});

describe('which runs promote, simulated', () => {
  const yaml = pipeline().ci.toYaml();

  test('a push to the default branch and a version tag promote the digest the tests ran', () => {
    expect(simulateRelease(yaml, PUSH_MAIN)).toEqual({ runs: true, source: `ghcr.io/acme/shop@${DIGEST}` });
    expect(simulateRelease(yaml, PUSH_TAG)).toEqual({ runs: true, source: `ghcr.io/acme/shop@${DIGEST}` });
  });

  test('a failed test, or a failed e2e, promotes nothing', () => {
    expect(simulateRelease(yaml, { ...PUSH_MAIN, failedJobs: ['test'] }).runs).toBe(false);
    expect(simulateRelease(yaml, { ...PUSH_MAIN, failedJobs: ['e2e'] }).runs).toBe(false);
    expect(simulateRelease(yaml, { ...PUSH_MAIN, failedBuilds: ['build'] }).runs).toBe(false);
  });

  test('pull requests, from this repository or a fork, promote nothing', () => {
    expect(simulateRelease(yaml, SAME_REPO_PR).runs).toBe(false);
    expect(simulateRelease(yaml, FORK_PR).runs).toBe(false);
  });

  test('an if of one\'s own replaces the event rule, and the tested results still gate it', () => {
    const own = pipeline({ if: "startsWith(github.ref, 'refs/tags/')" }).ci.toYaml();
    expect(simulateRelease(own, PUSH_MAIN).runs).toBe(false);
    expect(simulateRelease(own, PUSH_TAG).runs).toBe(true);
    expect(simulateRelease(own, { ...PUSH_TAG, failedJobs: ['test'] }).runs).toBe(false);
  });

  test('the result job counts a skipped promotion on a pull request as expected, and a wrongly skipped one on a push as a failure', () => {
    const result = (YAML.parse(yaml) as { jobs: { [id: string]: JobYaml } }).jobs.result;
    const index = result.needs.indexOf('release') + 1;
    const required = result.steps[0].env![`REQUIRED_${index}`];
    const ctxOf = (run: RunScenario) => ({ contexts: { ...runContexts(run), needs: simulateRun(yaml, run).jobs } });
    expect(evaluateString(required, ctxOf(SAME_REPO_PR))).toBe('false');
    expect(evaluateString(required, ctxOf(PUSH_MAIN))).toBe('true');
  });
});

/** Runs the promotion script with `TAGS`, a stand-in docker whose inspect answers `inspected` (default: the source digest). */
function runScript(tags: string, inspected = DIGEST): { status: number | null; calls: string[]; stdout: string } {
  const job = releaseJob(pipeline().ci.toYaml());
  const step = job.steps.find((s) => s.name === 'Tag the tested digest')!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promote-'));
  const log = path.join(dir, 'calls');
  fs.writeFileSync(path.join(dir, 'docker'), `#!/usr/bin/env bash\necho "$*" >> "${log}"\nif [ "$2 $3" = "imagetools inspect" ]; then echo "${inspected}"; fi\n`, { mode: 0o755 });
  const proc = spawnSync('bash', ['-c', step.run!], {
    env: { PATH: `${dir}:${process.env.PATH}`, SOURCE: `ghcr.io/acme/shop@${DIGEST}`, TAGS: tags },
    encoding: 'utf8',
  });
  const calls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: proc.status, calls, stdout: proc.stdout };
}

describe('the promotion script', () => {
  test('makes one carbon copy of the tested digest under every tag, then reads each tag back', () => {
    const { status, calls } = runScript('ghcr.io/acme/shop:1.2.3\nghcr.io/acme/shop:1.2\n');
    expect(status).toBe(0);
    expect(calls).toEqual([
      `buildx imagetools create --prefer-index=false -t ghcr.io/acme/shop:1.2.3 -t ghcr.io/acme/shop:1.2 ghcr.io/acme/shop@${DIGEST}`,
      'buildx imagetools inspect ghcr.io/acme/shop:1.2.3 --format {{.Manifest.Digest}}',
      'buildx imagetools inspect ghcr.io/acme/shop:1.2 --format {{.Manifest.Digest}}',
    ]);
  });

  test('fails when a tag does not resolve to the tested digest', () => {
    const { status, stdout } = runScript('ghcr.io/acme/shop:1.2.3', `sha256:${'f'.repeat(64)}`);
    expect(status).toBe(1);
    expect(stdout).toContain('::error title=Promotion::ghcr.io/acme/shop:1.2.3 resolves to');
  });

  test('with no tag for this run (a branch push and only semver rules) it touches nothing and passes', () => {
    const { status, calls, stdout } = runScript('');
    expect(status).toBe(0);
    expect(calls).toEqual([]);
    expect(stdout).toContain('nothing promoted');
  });
});

describe('bad input', () => {
  test('every problem at once, each under the job\'s path, saying what to do', () => {
    const ci = new Workflow(tempProject('promote-bad'), 'ci', { triggers: { push: { branches: ['main'] } } });
    const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/shop' });
    const lint = new RunnerJob(ci, 'lint', { steps: [{ run: 'make lint' }] });
    new PromoteImageJob(ci, 'release', { image: build, testedBy: [lint, 'test' as never], tags: [ReleaseTag.raw('-bad'), ReleaseTag.semver('v1'), 'latest' as never] });
    let error: unknown;
    try {
      ci.toYaml();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkflowValidationError);
    const message = (error as Error).message;
    expect(message).toContain('ci/release: testedBy holds job "lint", which does not use the image of "build"');
    expect(message).toContain('ci/release: testedBy holds "test", which is not a job of this workflow');
    expect(message).toContain('ci/release: tag "-bad" is not a Docker tag');
    expect(message).toContain('ci/release: semver pattern "v1" must use {{version}}');
    expect(message).toContain('ci/release: tags holds "latest"; use ReleaseTag.raw()');
  });

  test('imageNames release the digest under other names of the same registry; a name elsewhere, or twice, is refused', async () => {
    const yaml = pipeline({ imageNames: ['ghcr.io/acme/shop', 'ghcr.io/acme/shop-public'] }).ci.toYaml();
    expect(releaseJob(yaml).steps.find((s) => s.id === 'tags')!.with!.images).toBe('ghcr.io/acme/shop\nghcr.io/acme/shop-public');
    await expectValidWorkflow(yaml);
    expect(() => pipeline({ imageNames: ['acme/shop', 'ghcr.io/acme/x', 'ghcr.io/acme/x'] }).ci.toYaml())
      .toThrow(/ci\/release: imageNames\[0\]: image "acme\/shop" is not on ghcr.io[\s\S]*ci\/release: imageNames lists "ghcr.io\/acme\/x" twice/);
    expect(() => pipeline({ imageNames: [] }).ci.toYaml()).toThrow(/imageNames is \[\]; give image names/);
  });

  test('no tested job, no tag, and an image of another workflow are refused', () => {
    const project = tempProject('promote-bad2');
    const other = new Workflow(project, 'images', { triggers: { push: { branches: ['main'] } } });
    const build = new DockerBuildJob(other, 'build', { image: 'ghcr.io/acme/shop' });
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    new PromoteImageJob(ci, 'release', { image: build, testedBy: [], tags: [] });
    expect(() => ci.toYaml()).toThrow(/image is built by job "build" of workflow "images"; promote it in that workflow[\s\S]*testedBy names no job[\s\S]*tags is empty/);
  });
});
