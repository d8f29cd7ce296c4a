/**
 * Multi-platform builds (QEMU, `platforms:`) and signed build provenance
 * (`attestProvenance`) on a DockerBuildJob: targeted assertions on the
 * synthesized workflow, and simulated runs of the gating.
 */
import * as YAML from 'yaml';
import { ActionPinning, ContainerTestJob, DockerBuildJob, ForkPullRequests, GhaCache, PermissionLevel, Workflow, WorkflowProps } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, runContexts } from '../support/simulate';
import { tempProject } from '../support/synth';

const CAN_PUSH = "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository";

type StepYaml = { name?: string; id?: string; if?: string; uses?: string; with?: { [key: string]: string } };

function synth(build: Partial<ConstructorParameters<typeof DockerBuildJob>[2]>, workflow: Partial<WorkflowProps> = {}) {
  const project = tempProject('platforms');
  const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} }, ...workflow });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max(), ...build });
  new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
  const yaml = ci.toYaml();
  return { yaml, doc: YAML.parse(yaml) as { jobs: { [id: string]: { permissions: { [scope: string]: string }; steps: StepYaml[] } } } };
}

const stepNamed = (steps: StepYaml[], name: string) => steps.find((s) => s.name === name);

describe('platforms', () => {
  test('renders the platforms comma-separated on build-push and sets up QEMU before Buildx for a non-amd64 platform', () => {
    const steps = synth({ platforms: ['linux/amd64', 'linux/arm64', 'linux/arm/v7'] }).doc.jobs.build.steps;
    expect(stepNamed(steps, 'Build and push image')!.with!.platforms).toBe('linux/amd64,linux/arm64,linux/arm/v7');
    const names = steps.map((s) => s.name);
    expect(names.indexOf('Set up QEMU')).toBeGreaterThan(-1);
    expect(names.indexOf('Set up QEMU')).toBe(names.indexOf('Set up Docker Buildx') - 1);
    expect(stepNamed(steps, 'Set up QEMU')!.uses).toBe(pinnedUses('setupQemu'));
  });

  test('only the native linux/amd64: platforms rendered, no QEMU', () => {
    const steps = synth({ platforms: ['linux/amd64'] }).doc.jobs.build.steps;
    expect(stepNamed(steps, 'Build and push image')!.with!.platforms).toBe('linux/amd64');
    expect(stepNamed(steps, 'Set up QEMU')).toBeUndefined();
  });

  test('without platforms: neither platforms nor QEMU (the existing output is unchanged)', () => {
    const steps = synth({}).doc.jobs.build.steps;
    expect(stepNamed(steps, 'Build and push image')!.with!.platforms).toBeUndefined();
    expect(steps.some((s) => s.uses?.startsWith('docker/setup-qemu-action'))).toBe(false);
  });

  test('QEMU comes from the action table: pinned to its SHA with ActionPinning.SHA, and an override wins', () => {
    const pinned = synth({ platforms: ['linux/arm64'] }, { pinning: ActionPinning.SHA });
    expect(stepNamed(pinned.doc.jobs.build.steps, 'Set up QEMU')!.uses).toBe('docker/setup-qemu-action@96fe6ef7f33517b61c61be40b68a1882f3264fb8');
    expect(pinned.yaml).toContain('uses: docker/setup-qemu-action@96fe6ef7f33517b61c61be40b68a1882f3264fb8 # v4.2.0\n');
    const overridden = synth({ platforms: ['linux/arm64'] }, { actions: { setupQemu: 'docker/setup-qemu-action@v3' } });
    expect(stepNamed(overridden.doc.jobs.build.steps, 'Set up QEMU')!.uses).toBe('docker/setup-qemu-action@v3');
  });

  test('the archive the fork fallback loads holds only the runner\'s platform: platforms dropped, exported to a file, not pushed, not attested', async () => {
    const { yaml, doc } = synth({ platforms: ['linux/amd64', 'linux/arm64'], attestProvenance: true, forkPullRequests: ForkPullRequests.fallback() });
    const fork = doc.jobs.build_fork;
    const load = doc.jobs.build.steps.find((s) => s.id === 'archive')!;
    expect(load.with!.platforms).toBeUndefined();
    expect(load.with!.outputs).toMatch(/^type=docker,dest=/);
    expect(load.with!.push).toBeUndefined();
    expect(load.with!.provenance).toBe('false');
    expect(fork.steps.some((s) => s.uses?.startsWith('actions/attest-build-provenance'))).toBe(false);
    expect(fork.steps.some((s) => s.uses?.startsWith('docker/setup-qemu-action'))).toBe(false);
    expect(fork.permissions).toEqual({ contents: 'read' });
    await expectValidWorkflow(yaml, 'fork-platforms.yml');
  });
});

describe('attestProvenance', () => {
  test('adds actions/attest-build-provenance right after the build, with the image without tag, the pushed digest and push-to-registry', () => {
    const steps = synth({ attestProvenance: true }).doc.jobs.build.steps;
    const index = steps.findIndex((s) => s.uses?.startsWith('actions/attest-build-provenance@'));
    expect(steps[index - 1].id).toBe('build');
    expect(steps[index]).toEqual({
      name: 'Attest build provenance',
      if: CAN_PUSH,
      uses: pinnedUses('attestBuildProvenance'),
      with: { 'subject-name': 'ghcr.io/acme/app', 'subject-digest': '${{ steps.build.outputs.digest }}', 'push-to-registry': 'true' },
    });
  });

  test('grants id-token: write and attestations: write, only with attestProvenance', () => {
    expect(synth({ attestProvenance: true }).doc.jobs.build.permissions).toEqual({ 'attestations': 'write', 'contents': 'read', 'id-token': 'write', 'packages': 'write' });
    expect(synth({ attestProvenance: false }).doc.jobs.build.permissions).toEqual({ contents: 'read', packages: 'write' });
  });

  test('a repository image is attested under its lowercased name', () => {
    const steps = synth({ image: DockerBuildJob.REPOSITORY_IMAGE, attestProvenance: true }).doc.jobs.build.steps;
    expect(stepNamed(steps, 'Attest build provenance')!.with!['subject-name']).toBe('${{ steps.image.outputs.name }}');
  });

  test('pinned to its verified SHA with ActionPinning.SHA', () => {
    expect(synth({ attestProvenance: true }, { pinning: ActionPinning.SHA }).yaml)
      .toContain('uses: actions/attest-build-provenance@a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32 # v4.1.0\n');
  });

  test('lowering id-token or attestations is refused, naming the construct', () => {
    const project = tempProject('platforms');
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', attestProvenance: true, permissions: { idToken: PermissionLevel.NONE, attestations: PermissionLevel.READ } });
    expect(() => ci.toYaml()).toThrow(WorkflowValidationError);
    try {
      ci.toYaml();
    } catch (e) {
      expect((e as WorkflowValidationError).problems).toEqual([
        'ci/build: permissions.idToken is \'none\', but DockerBuildJob "build" (attestProvenance: to sign the provenance of ghcr.io/acme/app) needs id-token: write; ' +
        'leave idToken out (the job gets what it needs) or set it to PermissionLevel.WRITE.',
        'ci/build: permissions.attestations is \'read\', but DockerBuildJob "build" (attestProvenance: to store the provenance of ghcr.io/acme/app) needs attestations: write; ' +
        'leave attestations out (the job gets what it needs) or set it to PermissionLevel.WRITE.',
      ]);
    }
  });

  describe('simulated runs (GitHub expression engine): the attestation runs exactly when the push does', () => {
    const steps = synth({ attestProvenance: true }).doc.jobs.build.steps;
    const attest = stepNamed(steps, 'Attest build provenance')!;
    const login = steps.find((s) => s.uses?.startsWith('docker/login-action'))!;
    test.each([
      ['push', undefined, true],
      ['pull_request', 'Acme/App', true],
      ['pull_request', 'someone/App', false],
      ['pull_request', null, false],
      ['workflow_dispatch', undefined, true],
    ] as const)('%s from %s: attests %s', (eventName, headRepository, expected) => {
      const ctx = { contexts: { ...runContexts({ eventName, repository: 'Acme/App', headRepository, digest: 'sha256:x' }), steps: {} } };
      expect(evaluateCondition(attest.if, ctx)).toBe(expected);
      expect(evaluateCondition(login.if, ctx)).toBe(expected);
    });
  });
});
