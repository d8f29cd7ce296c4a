/**
 * PlatformStrategy.nativeRunners(): a matrix job builds each platform on its
 * own runner and pushes it by digest; the build job merges the digests into
 * one manifest list and hands `<image>@<list digest>` to its consumers.
 * Targeted assertions, and simulated runs of the hand-off and the fork gating
 * with GitHub's expression engine.
 */
import * as YAML from 'yaml';
import {
  ContainerTestJob, DockerBuildJob, ForkPullRequests, GhaCache, InlineCache, PermissionLevel, PlatformStrategy, Workflow, WorkflowProps,
} from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts } from '../support/simulate';
import { tempProject } from '../support/synth';

const CAN_PUSH = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";
const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

type StepYaml = {
  name?: string; id?: string; if?: string; uses?: string; run?: string; env?: { [key: string]: string }; with?: { [key: string]: string };
};
type JobYaml = {
  'name'?: string;
  'needs'?: string[];
  'if'?: string;
  'runs-on': string | string[];
  'permissions': { [scope: string]: string };
  'outputs'?: { [name: string]: string };
  'strategy'?: { matrix: { include: { [key: string]: string }[] } };
  'container'?: { image: string };
  'steps': StepYaml[];
};

function synth(build: Partial<ConstructorParameters<typeof DockerBuildJob>[2]> = {}, workflow: Partial<WorkflowProps> = {}) {
  const project = tempProject('native');
  const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} }, ...workflow });
  const image = new DockerBuildJob(ci, 'build', {
    image: 'ghcr.io/acme/app', platforms: ['linux/amd64', 'linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners(), cache: GhaCache.max(), ...build,
  });
  new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
  const yaml = ci.toYaml();
  return { ci, image, jobs: (YAML.parse(yaml) as { jobs: { [id: string]: JobYaml } }).jobs };
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

describe('native runners in a runner group', () => {
  test('each leg picks its runner from the build\'s group by the leg\'s label; the merge job runs in the group too', async () => {
    const { ci, jobs } = synth({ runnerGroup: 'arm-and-x64' });
    expect(jobs.build_platforms['runs-on']).toEqual({ group: 'arm-and-x64', labels: '${{ matrix.runner }}' });
    expect(jobs.build['runs-on']).toEqual({ group: 'arm-and-x64' });
    expect(jobs.test['runs-on']).toBe('ubuntu-latest');
    await expectValidWorkflow(ci.toYaml());
  });
});

describe('the matrix job <id>_platforms', () => {
  const { jobs } = synth();
  const legs = jobs.build_platforms;
  const build = legs.steps.find((s) => s.id === 'build')!;

  test('one leg per platform on its native runner (ubuntu-24.04, ubuntu-24.04-arm), with a slug', () => {
    expect(legs['runs-on']).toBe('${{ matrix.runner }}');
    expect(legs.strategy!.matrix.include).toEqual([
      { platform: 'linux/amd64', runner: 'ubuntu-24.04', slug: 'linux-amd64' },
      { platform: 'linux/arm64', runner: 'ubuntu-24.04-arm', slug: 'linux-arm64' },
    ]);
  });

  test('builds its platform, pushes by digest only on runs that may push, with no tag and no QEMU', () => {
    expect(build.with!.platforms).toBe('${{ matrix.platform }}');
    expect(build.with!.outputs).toBe(`type=image,name=ghcr.io/acme/app,push-by-digest=true,name-canonical=true,push=\${{ ${CAN_PUSH} }}`);
    expect(build.with!.push).toBeUndefined();
    expect(build.with!.tags).toBeUndefined();
    expect(legs.steps.some((s) => s.uses?.startsWith('docker/setup-qemu-action'))).toBe(false);
  });

  test('each platform has its own cache scope <scope>-<slug>, read and (gated) written', () => {
    expect(build.with!['cache-from']).toBe('type=gha,scope=acme-app-${{ matrix.slug }}');
    expect(build.with!['cache-to']).toBe(`\${{ (${CAN_PUSH}) && format('type=gha,mode=max,scope=acme-app-{0},ignore-error=true', matrix.slug) || '' }}`);
  });

  test('hands its digest to the merge job as an artifact per leg; the digest reaches run: through env only', () => {
    const exportStep = legs.steps.find((s) => s.name === 'Export the digest')!;
    expect(exportStep.if).toBe(CAN_PUSH);
    expect(exportStep.env).toEqual({ DIGEST: '${{ steps.build.outputs.digest }}' });
    expect(exportStep.run).not.toContain('${{');
    const upload = legs.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe(CAN_PUSH);
    expect(upload.with).toEqual({ 'name': 'digests-build_platforms-${{ matrix.slug }}', 'path': '${{ runner.temp }}/digests/*', 'if-no-files-found': 'error', 'retention-days': '1' });
  });

  test('gets what the build needs (contents: read, packages: write), not the attestation scopes', () => {
    expect(synth({ attestProvenance: true }).jobs.build_platforms.permissions).toEqual({ contents: 'read', packages: 'write' });
  });

  test('a runner per platform can be given; another platform needs one', () => {
    const { jobs: custom } = synth({ platforms: ['linux/arm64', 'linux/ppc64le'], platformStrategy: PlatformStrategy.nativeRunners({ runners: { 'linux/ppc64le': 'power-runner' } }) });
    expect(custom.build_platforms.strategy!.matrix.include.map((leg) => leg.runner)).toEqual(['ubuntu-24.04-arm', 'power-runner']);
  });
});

describe('the merge job (the build job itself)', () => {
  const { jobs, image } = synth({ attestProvenance: true });
  const merge = jobs.build;

  test('needs the legs, runs only when the push could happen, and keeps the image output consumers read', () => {
    expect(merge.needs).toEqual(['build_platforms']);
    expect(merge.if).toBe(CAN_PUSH);
    expect(image.imageExpression).toBe('needs.build.outputs.image');
    expect(jobs.test.needs).toEqual(['build']);
    expect(jobs.test.container!.image).toBe('${{ needs.build.outputs.image }}');
  });

  test('downloads every leg\'s digest into one folder and creates the list with buildx imagetools; image and tags via env', () => {
    const download = merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact@'))!;
    expect(download.uses).toBe(pinnedUses('downloadArtifact'));
    expect(download.with).toEqual({ 'path': '${{ runner.temp }}/digests', 'pattern': 'digests-build_platforms-*', 'merge-multiple': 'true' });
    const create = merge.steps.find((s) => s.id === 'merge')!;
    expect(create.env).toEqual({ IMAGE: 'ghcr.io/acme/app' });
    expect(create.run).toContain('docker buildx imagetools create "${tags[@]}" "${sources[@]}"');
    expect(create.run).not.toContain('${{');
  });

  test('attests the manifest list digest and gets only packages, id-token and attestations', () => {
    const attest = merge.steps.find((s) => s.uses?.startsWith('actions/attest-build-provenance@'))!;
    expect(attest.with).toEqual({ 'subject-name': 'ghcr.io/acme/app', 'subject-digest': '${{ steps.merge.outputs.digest }}', 'push-to-registry': 'true' });
    expect(merge.permissions).toEqual({ 'attestations': 'write', 'id-token': 'write', 'packages': 'write' });
  });

  test('a need added to the build job is waited for by the legs too', () => {
    const project = tempProject('native');
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    const base = new DockerBuildJob(ci, 'base', { image: 'ghcr.io/acme/base' });
    const app = new DockerBuildJob(ci, 'app', { image: 'ghcr.io/acme/app', platforms: ['linux/amd64', 'linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners() });
    app.addNeeds(base);
    const parsed = YAML.parse(ci.toYaml()).jobs;
    expect(parsed.app.needs).toEqual(['app_platforms', 'base']);
    expect(parsed.app_platforms.needs).toEqual(['base']);
  });
});

describe('simulated runs (GitHub expression engine)', () => {
  const { jobs } = synth();
  const legs = jobs.build_platforms;
  const merge = jobs.build;
  const scenarios = [
    ['push', undefined, true],
    ['pull_request', 'Acme/App', true],
    ['pull_request', 'someone/App', false],
    ['pull_request', null, false],
  ] as const;

  test.each(scenarios)('%s from %s: legs push and upload, and the merge job runs, exactly when a push may happen (%s)', (eventName, headRepository, pushes) => {
    const base = runContexts({ eventName, repository: 'Acme/App', headRepository, digest: DIGEST });
    const stepCtx = { contexts: { ...base, matrix: { platform: 'linux/arm64', runner: 'ubuntu-24.04-arm', slug: 'linux-arm64' }, steps: {} } };
    const build = legs.steps.find((s) => s.id === 'build')!;
    expect(evaluateString(build.with!.outputs, stepCtx)).toBe(`type=image,name=ghcr.io/acme/app,push-by-digest=true,name-canonical=true,push=${pushes}`);
    expect(evaluateString(build.with!['cache-to'], stepCtx)).toBe(pushes ? 'type=gha,mode=max,scope=acme-app-linux-arm64,ignore-error=true' : '');
    expect(evaluateString(legs.steps.find((s) => s.name === 'Upload the digest')!.with!.name, stepCtx)).toBe('digests-build_platforms-linux-arm64');
    for (const name of ['Export the digest', 'Upload the digest']) {
      expect(evaluateCondition(legs.steps.find((s) => s.name === name)!.if, stepCtx)).toBe(pushes);
    }
    const mergeRuns = evaluateCondition(merge.if, { contexts: { ...base, needs: { build_platforms: { result: 'success', outputs: {} } } }, success: true });
    expect(mergeRuns).toBe(pushes);
  });

  test('the merge digest becomes the consumer\'s container.image as <image>@<digest>; no digest means no consumer', () => {
    const base = runContexts({ eventName: 'push', repository: 'Acme/App', digest: DIGEST });
    const output = (digest: string) =>
      evaluateString(merge.outputs!.image, { contexts: { ...base, needs: {}, steps: { merge: { outputs: { digest } } } } });
    expect(output(DIGEST)).toBe(`ghcr.io/acme/app@${DIGEST}`);
    expect(output('')).toBe('');
    const needs = { build: { result: 'success', outputs: { image: output(DIGEST) } } };
    expect(evaluateCondition(jobs.test.if, { contexts: { ...base, needs }, success: true })).toBe(true);
    expect(evaluateString(jobs.test.container!.image, { contexts: { ...base, needs } })).toBe(`ghcr.io/acme/app@${DIGEST}`);
    const empty = { build: { result: 'success', outputs: { image: '' } } };
    expect(evaluateCondition(jobs.test.if, { contexts: { ...base, needs: empty }, success: true })).toBe(false);
  });

  test('a repository image: the merge job lowercases the name itself', () => {
    const { jobs: repo } = synth({ image: DockerBuildJob.REPOSITORY_IMAGE });
    const base = runContexts({ eventName: 'push', repository: 'Acme/App', digest: DIGEST });
    expect(repo.build.steps[0].id).toBe('image');
    const output = evaluateString(repo.build.outputs!.image, { contexts: { ...base, needs: {}, steps: { image: { outputs: { name: 'ghcr.io/acme/app' } }, merge: { outputs: { digest: DIGEST } } } } });
    expect(output).toBe(`ghcr.io/acme/app@${DIGEST}`);
  });
});

describe('fork pull requests', () => {
  test('the fallback builds the runner\'s platform only, from the amd64 leg\'s cache scope, and pushes nothing', () => {
    const { jobs } = synth({ forkPullRequests: ForkPullRequests.fallback() });
    const load = jobs.build_fork.steps.find((s) => s.id === 'build')!;
    expect(load.with!.platforms).toBeUndefined();
    expect(load.with!.outputs).toBeUndefined();
    expect(load.with!.push).toBe('false');
    expect(load.with!.load).toBe('true');
    expect(load.with!['cache-from']).toBe('type=gha,scope=acme-app-linux-amd64');
    expect(jobs.build_fork.needs).toBeUndefined();
  });
});

describe('refusals', () => {
  test('an unknown platform without a runner, a runner for an unlisted platform, a bad label, no platforms, a non-gha cache', () => {
    const project = tempProject('native');
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    new DockerBuildJob(ci, 'a', { image: 'ghcr.io/acme/a', platforms: ['linux/amd64', 'linux/s390x'], platformStrategy: PlatformStrategy.nativeRunners({ runners: { 'linux/arm64': 'ubuntu-24.04-arm', 'linux/amd64': 'two labels' } }) });
    new DockerBuildJob(ci, 'b', { image: 'ghcr.io/acme/b', platformStrategy: PlatformStrategy.nativeRunners() });
    new DockerBuildJob(ci, 'c', { image: 'ghcr.io/acme/c', platforms: ['linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners(), cache: new InlineCache() });
    new DockerBuildJob(ci, 'd', { image: 'ghcr.io/acme/d', platforms: ['linux/arm64'], platformStrategy: 'native' as unknown as PlatformStrategy });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/a: platformStrategy runners names \'linux/arm64\', which is not in platforms (linux/amd64, linux/s390x); remove it or add the platform.',
      'ci/a: platformStrategy runners[\'linux/amd64\'] is "two labels"; give one runner label, for example \'ubuntu-24.04-arm\'.',
      'ci/a: platform \'linux/s390x\' has no default native runner (only linux/amd64 and linux/arm64 do); give one with PlatformStrategy.nativeRunners({ runners: { \'linux/s390x\': \'<runner label>\' } }), or use PlatformStrategy.emulated().',
      'ci/b: platformStrategy is PlatformStrategy.nativeRunners() but platforms is not set; list the platforms to build, for example platforms: [\'linux/amd64\', \'linux/arm64\'].',
      'ci/c: platformStrategy is PlatformStrategy.nativeRunners(), which builds each platform in its own job, but cache is InlineCache; only GhaCache gets a per-platform scope there, so use cache: GhaCache.max() or no cache, or PlatformStrategy.emulated().',
      'ci/d: platformStrategy is "native"; use PlatformStrategy.emulated() or PlatformStrategy.nativeRunners({ ... }), or leave it out.',
    ]);
  });

  test('a job id taken by the matrix job is refused where it is declared', () => {
    const project = tempProject('native');
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    new DockerBuildJob(ci, 'app', { image: 'ghcr.io/acme/app', platforms: ['linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners() });
    expect(problemsOf(() => new DockerBuildJob(ci, 'app_platforms', { image: 'ghcr.io/acme/other' }))).toEqual([
      'ci/app_platforms: a job with id "app_platforms" already exists in workflow "ci"; give each job a unique id.',
    ]);
  });

  test('a bad name or timeout is reported once, on the build job; a lowered contents is refused for the legs', () => {
    const project = tempProject('native');
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    new DockerBuildJob(ci, 'app', {
      image: 'ghcr.io/acme/app',
      platforms: ['linux/arm64'],
      platformStrategy: PlatformStrategy.nativeRunners(),
      timeoutMinutes: 0,
      permissions: { contents: PermissionLevel.NONE },
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/app: timeoutMinutes is 0; use a positive whole number of minutes.',
      'ci/app: permissions.contents is \'none\', but DockerBuildJob "app" (checkout) needs contents: read; ' +
      'leave contents out (the job gets what it needs) or set it to PermissionLevel.READ.',
    ]);
  });

  test('PlatformStrategy.emulated() is the default: one job, QEMU', () => {
    const { jobs } = synth({ platformStrategy: PlatformStrategy.emulated() });
    // build_fork: the default fork fallback of a workflow with a pullRequest trigger; result: its result job
    expect(Object.keys(jobs)).toEqual(['build', 'test', 'build_fork', 'result']);
    expect(jobs.build.steps.some((s) => s.uses?.startsWith('docker/setup-qemu-action'))).toBe(true);
  });
});
