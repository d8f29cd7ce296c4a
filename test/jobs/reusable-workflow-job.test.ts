/**
 * Reusable workflows: a workflow with a typed `workflow_call` interface, and
 * jobs that call one (`uses:` at job level), checked against that interface
 * when the called workflow is one of the project's.
 */
import * as YAML from 'yaml';
import { DockerBuildJob, GhaCache, JobOutput, PermissionLevel, ReusableWorkflowJob, RunnerJob, Workflow, WorkflowCallInputType } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow, judgeWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

/** A callable workflow `wheel` that builds an image and says its digest. */
function callable() {
  const project = tempProject();
  const wheel = new Workflow(project, 'wheel', {
    triggers: {
      workflowCall: {
        inputs: {
          'docker-tag': { type: WorkflowCallInputType.STRING, required: true, description: 'the tag to build from' },
          'publish': { type: WorkflowCallInputType.BOOLEAN, default: 'false' },
          'shards': { type: WorkflowCallInputType.NUMBER, default: '2' },
        },
        secrets: { PYPI_TOKEN: { required: true }, EXTRA: {} },
      },
    },
  });
  const build = new DockerBuildJob(wheel, 'build', { image: 'ghcr.io/acme/wheel', cache: GhaCache.max() });
  new RunnerJob(wheel, 'check', { steps: [{ run: 'make check', env: { TAG: '${{ inputs.docker-tag }}' } }] });
  wheel.addCallOutput('image', build.output('image'), 'the wheel builder image');
  return { project, wheel, build };
}

describe('workflow_call', () => {
  test('typed inputs (defaults written with their type), secrets and outputs read from a job', async () => {
    const { wheel } = callable();
    const yaml = wheel.toYaml();
    expect(YAML.parse(yaml).on.workflow_call).toEqual({
      inputs: {
        'docker-tag': { description: 'the tag to build from', required: true, type: 'string' },
        'publish': { default: false, type: 'boolean' },
        'shards': { default: 2, type: 'number' },
      },
      outputs: { image: { description: 'the wheel builder image', value: '${{ jobs.build.outputs.image }}' } },
      secrets: { PYPI_TOKEN: { required: true }, EXTRA: {} },
    });
    await expectValidWorkflow(yaml, 'wheel.yml');
  });

  test('bad inputs and outputs are refused together', () => {
    const project = tempProject();
    const w = new Workflow(project, 'w', {
      triggers: { workflowCall: { inputs: { 'n': { type: WorkflowCallInputType.NUMBER, default: 'four' }, 'b': { type: 'text' as WorkflowCallInputType }, '1x': { type: WorkflowCallInputType.STRING } }, secrets: { GITHUB_TOKEN: {} } } },
    });
    const job = new RunnerJob(w, 'j', { steps: [{ run: 'true' }] });
    w.addCallOutput('out', job.output('missing'));
    const plain = new Workflow(project, 'plain', { triggers: { push: {} } });
    plain.addCallOutput('x', new RunnerJob(plain, 'k', { steps: [{ run: 'true' }] }).output('y'));
    expect(problemsOf(() => project.synth())).toEqual([
      'w: triggers.workflowCall.inputs has the name "1x"; a name starts with a letter or _ and contains only letters, digits, - and _.',
      'w: triggers.workflowCall.inputs.n.default is "four"; a NUMBER input defaults to a decimal number, for example \'4\'.',
      'w: triggers.workflowCall.inputs.b.type is "text"; use WorkflowCallInputType.STRING, BOOLEAN or NUMBER. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#onworkflow_call',
      'w: triggers.workflowCall.secrets.GITHUB_TOKEN is the workflow\'s own token, which every called workflow gets; remove it.',
      'w: call output "out" reads output "missing" of job "j", which does not declare it; declare it in that job\'s outputs.',
      'plain: addCallOutput() declares outputs, but the workflow has no workflowCall trigger; add triggers.workflowCall, or remove the outputs.',
      'plain: call output "x" reads output "y" of job "k", which does not declare it; declare it in that job\'s outputs.',
    ]);
  });
});

describe('ReusableWorkflowJob', () => {
  test('calls a workflow of the project: uses its file, passes with and secrets, gets the permissions its jobs need, and its outputs can be read', async () => {
    const { project, wheel } = callable();
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    const call = new ReusableWorkflowJob(ci, 'build-wheel', {
      workflow: wheel,
      with: { 'docker-tag': '${{ github.sha }}', 'publish': true, 'shards': 3 },
      secrets: { PYPI_TOKEN: '${{ secrets.PYPI_TOKEN }}' },
    });
    new RunnerJob(ci, 'report', { env: { IMAGE: call.output('image').value }, steps: [{ run: 'echo "$IMAGE"' }] });
    const yaml = ci.toYaml();
    const jobs = YAML.parse(yaml).jobs;
    expect(jobs['build-wheel']).toEqual({
      permissions: { contents: 'read', packages: 'write' },
      uses: './.github/workflows/wheel.yml',
      with: { 'docker-tag': '${{ github.sha }}', 'publish': true, 'shards': 3 },
      secrets: { PYPI_TOKEN: '${{ secrets.PYPI_TOKEN }}' },
    });
    expect(jobs.report.needs).toEqual(['build-wheel']);
    expect(yaml).toContain('    uses: ./.github/workflows/wheel.yml # zizmor: ignore[self-repository]');
    await expectValidWorkflow(yaml);
  });

  test('with and secrets are checked against the called workflow\'s interface', () => {
    const { project, wheel } = callable();
    const ci = new Workflow(project, 'ci', { triggers: { push: {} } });
    const call = new ReusableWorkflowJob(ci, 'call', { workflow: wheel, with: { publish: 'yes', dockertag: 'x' }, secrets: { PYPI: '${{ secrets.P }}' } });
    new RunnerJob(ci, 'after', { env: { X: call.output('wheel').value }, steps: [{ run: 'true' }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/call: with.publish is "yes", but input "publish" of workflow "wheel" is a boolean; pass a boolean.',
      'ci/call: with.dockertag is not an input of workflow "wheel" (it takes docker-tag, publish, shards); fix the name or declare the input.',
      'ci/call: does not pass the required input "docker-tag" of workflow "wheel"; add it to with.',
      'ci/call: secrets.PYPI is not a secret of workflow "wheel" (it takes PYPI_TOKEN, EXTRA); fix the name or declare the secret.',
      'ci/call: does not pass the required secret "PYPI_TOKEN" of workflow "wheel"; add it to secrets (or set inheritSecrets).',
      'ci/after: env.X reads output "wheel" of job "call", which declares only "image"; declare it in that job\'s outputs.',
    ]);
  });

  test('a remote reusable workflow pinned by commit, its outputs declared by name', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    const call = new ReusableWorkflowJob(ci, 'scan', {
      uses: 'acme/workflows/.github/workflows/scan.yml@0123456789abcdef0123456789abcdef01234567',
      secrets: { SCAN_TOKEN: '${{ secrets.SCAN_TOKEN }}' },
      outputNames: ['report'],
      permissions: { contents: PermissionLevel.READ, securityEvents: PermissionLevel.WRITE },
      strategy: { domain: { target: ['a', 'b'] } },
      with: { target: '${{ matrix.target }}' },
    });
    new RunnerJob(ci, 'read', { env: { R: call.output('report').value }, steps: [{ run: 'true' }] });
    const yaml = ci.toYaml();
    expect(YAML.parse(yaml).jobs.scan).toEqual({
      permissions: { 'contents': 'read', 'security-events': 'write' },
      strategy: { matrix: { target: ['a', 'b'] } },
      uses: 'acme/workflows/.github/workflows/scan.yml@0123456789abcdef0123456789abcdef01234567',
      with: { target: '${{ matrix.target }}' },
      secrets: { SCAN_TOKEN: '${{ secrets.SCAN_TOKEN }}' },
    });
    await expectValidWorkflow(yaml);
    const bad = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    const declared = new ReusableWorkflowJob(bad, 'scan', { uses: 'acme/workflows/.github/workflows/scan.yml@v1', outputNames: ['report'] });
    new RunnerJob(bad, 'read', { env: { R: declared.output('summary').value }, steps: [{ run: 'true' }] });
    expect(problemsOf(() => bad.toYaml())).toEqual([
      'ci/read: step 2 env.R reads output "summary" of job "scan", which declares only "report"; declare it in that job\'s outputs.'.replace('step 2 env.R', 'env.R'),
    ]);
  });

  test('bad calls are refused: both or neither of uses and workflow, a bad reference, itself, a workflow that cannot be called, a call cycle', () => {
    const project = tempProject();
    const a = new Workflow(project, 'a', { triggers: { workflowCall: {} } });
    const b = new Workflow(project, 'b', { triggers: { workflowCall: {} } });
    const plain = new Workflow(project, 'plain', { triggers: { push: {} } });
    new ReusableWorkflowJob(a, 'both', { uses: './.github/workflows/b.yml', workflow: b });
    new ReusableWorkflowJob(a, 'neither', {});
    new ReusableWorkflowJob(a, 'ref', { uses: 'acme/x.yml' });
    new ReusableWorkflowJob(a, 'self', { workflow: a });
    new ReusableWorkflowJob(a, 'plain', { workflow: plain });
    new ReusableWorkflowJob(a, 'to_b', { workflow: b });
    new ReusableWorkflowJob(b, 'to_a', { workflow: a });
    new RunnerJob(plain, 'j', { steps: [{ run: 'true' }] });
    expect(problemsOf(() => project.synth())).toEqual([
      'a: calls itself through its reusable workflow jobs (a workflow_call cycle); GitHub refuses such a chain, so remove one of the calls.',
      expect.stringContaining('a/both: sets both uses and workflow; set exactly one'),
      expect.stringContaining('a/neither: sets neither uses nor workflow; set exactly one'),
      expect.stringContaining('a/ref: uses is "acme/x.yml"; give ./.github/workflows/<file>.yml or <owner>/<repo>/.github/workflows/<file>.yml@<ref>.'),
      'a/self: workflow is the workflow "a" this job belongs to; a workflow cannot call itself.',
      expect.stringContaining('a/plain: workflow "plain" has no workflowCall trigger, so it cannot be called; add triggers.workflowCall to it.'),
      'b: calls itself through its reusable workflow jobs (a workflow_call cycle); GitHub refuses such a chain, so remove one of the calls.',
    ]);
  });

  test('inheritSecrets writes secrets: inherit (zizmor reports it, secrets-inherit: prefer naming the secrets)', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    new ReusableWorkflowJob(ci, 'scan', { uses: 'acme/workflows/.github/workflows/scan.yml@0123456789abcdef0123456789abcdef01234567', inheritSecrets: true });
    const yaml = ci.toYaml();
    expect(YAML.parse(yaml).jobs.scan.secrets).toBe('inherit');
    const findings = await judgeWorkflow(yaml, 'ci.yml');
    expect(findings.map((f) => `${f.source} ${f.kind}`)).toEqual(['zizmor secrets-inherit']);
  });

  test('a job output of the caller\'s own output names: JobOutput of a call reads needs.<call>.outputs', () => {
    const { project, wheel } = callable();
    const ci = new Workflow(project, 'ci', { triggers: { push: {} } });
    const call = new ReusableWorkflowJob(ci, 'call', { workflow: wheel, with: { 'docker-tag': 'x' }, inheritSecrets: true });
    expect(call.output('image')).toBeInstanceOf(JobOutput);
    expect(call.output('image').value).toBe('${{ needs.call.outputs.image }}');
    expect(call.uses).toBe('./.github/workflows/wheel.yml');
  });
});
