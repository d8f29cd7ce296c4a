/**
 * `needs` inferred from use, and what a job's expressions read, checked on
 * its rendered model: jobs of the workflow, declared outputs, steps, matrix
 * keys, inputs, and the contexts each key may read (GitHub's workflow schema).
 */
import * as YAML from 'yaml';
import { ContainerTestJob, DispatchInputType, DockerBuildJob, Job, JobOutput, RunnerJob, Workflow, WorkflowCallInputType } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

function workflow(props: object = {}, project = tempProject()): Workflow {
  return new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } }, ...props });
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

/** A job with one output, `version`. */
function versionJob(ci: Workflow, id = 'version'): RunnerJob {
  return new RunnerJob(ci, id, {
    checkout: { enabled: false },
    steps: [{ id: 'v', run: 'echo "value=1.2.3" >> "$GITHUB_OUTPUT"' }],
    outputs: { version: JobOutput.fromStep('v', 'value') },
  });
}

describe('needs inferred from use', () => {
  test('reading another job\'s output anywhere (a hand-written expression, job.output().value, outputEnv) needs that job, without being told', async () => {
    const ci = workflow();
    const version = versionJob(ci);
    const other = versionJob(ci, 'other');
    const third = versionJob(ci, 'third');
    const consumer = new RunnerJob(ci, 'release', {
      outputEnv: { V: version.output('version') },
      steps: [
        { name: 'Tag', env: { OTHER: other.output('version').value }, run: 'git tag "$V" "$OTHER"' },
        { name: 'Third', if: "needs.third.outputs.version != ''", run: 'true' },
      ],
    });
    const yaml = ci.toYaml();
    expect(YAML.parse(yaml).jobs.release.needs).toEqual(['version', 'other', 'third']);
    expect(consumer.needs.map((j) => j.jobId)).toEqual(['version', 'other', 'third']);
    expect(third.needs).toEqual([]);
    await expectValidWorkflow(yaml);
  });

  test('jobs it was told to need come first, in the order given; those it reads follow in declaration order', () => {
    const ci = workflow();
    const a = versionJob(ci, 'a');
    const b = versionJob(ci, 'b');
    const c = versionJob(ci, 'c');
    new RunnerJob(ci, 'z', { needs: [c], steps: [{ run: 'true', env: { B: b.output('version').value, A: a.output('version').value } }] });
    expect(YAML.parse(ci.toYaml()).jobs.z.needs).toEqual(['c', 'a', 'b']);
  });

  test('a job id read in another case is the same job (GitHub ids are case-insensitive); its result may be read too', async () => {
    const ci = workflow();
    versionJob(ci, 'Version');
    new RunnerJob(ci, 'notify', { if: "always() && needs.version.result == 'failure'", steps: [{ run: 'true' }] });
    const yaml = ci.toYaml();
    expect(YAML.parse(yaml).jobs.notify.needs).toEqual(['Version']);
    await expectValidWorkflow(yaml);
  });

  test('a cycle made of reads is refused once, naming its jobs', () => {
    const ci = workflow();
    new RunnerJob(ci, 'a', { steps: [{ id: 's', run: 'true', env: { X: '${{ needs.b.outputs.x }}' } }], outputs: { x: JobOutput.fromStep('s', 'x') } });
    new RunnerJob(ci, 'b', { steps: [{ id: 's', run: 'true', env: { X: '${{ needs.a.outputs.x }}' } }], outputs: { x: JobOutput.fromStep('s', 'x') } });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci: jobs wait for each other in a cycle (a -> b -> a); remove one of these needs, or the output one of them reads of the other.',
    ]);
  });

  test('a read of a job of another workflow is refused, naming both jobs and the workflow', () => {
    const project = tempProject();
    const ci = workflow({}, project);
    const other = new Workflow(project, 'release', { triggers: { push: {} } });
    const foreign = versionJob(other, 'foreign');
    new RunnerJob(ci, 'use', { steps: [{ run: 'true', env: { V: foreign.output('version').value } }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/use: step 2 env.V reads needs.foreign, but job "foreign" is in workflow "release"; a job can only read outputs of jobs of its own workflow, so declare both jobs in one workflow.',
    ]);
  });

  test('a typed read (outputEnv) of another workflow\'s job is refused even when this workflow has a job of that id', () => {
    const project = tempProject();
    const ci = workflow({}, project);
    versionJob(ci, 'version');
    const other = new Workflow(project, 'release', { triggers: { push: {} } });
    const foreign = versionJob(other, 'version');
    new RunnerJob(ci, 'use', { outputEnv: { V: foreign.output('version') }, steps: [{ run: 'true' }] });
    expect(problemsOf(() => ci.toYaml())).toEqual(['ci/use: outputEnv.V reads job "version" of workflow "release"; outputs only reach jobs of the same workflow.']);
  });

  test('an unknown job, an output the job does not declare, and a job reading itself are refused', () => {
    const ci = workflow();
    versionJob(ci);
    new RunnerJob(ci, 'self', {
      steps: [{ id: 's', run: 'true', env: { A: '${{ needs.nowhere.outputs.x }}', B: '${{ needs.version.outputs.tag }}', C: '${{ needs.self.outputs.y }}' } }],
      outputs: { y: JobOutput.fromStep('s', 'y') },
    });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/self: step 2 env.A reads needs.nowhere, but this workflow has no job "nowhere"; fix the id, or read the job\'s output with job.output(\'<name>\').',
      'ci/self: step 2 env.B reads output "tag" of job "version", which declares only "version"; declare it in that job\'s outputs.',
      'ci/self: step 2 env.C reads needs.self, its own job; a job can only read outputs of the jobs it needs.',
    ]);
  });

  test('addNeeds given something that is not a job is a validation error, never a TypeError', () => {
    const ci = workflow();
    const job = new RunnerJob(ci, 'a', { steps: [{ run: 'true' }] });
    job.addNeeds('build' as unknown as Job, undefined as unknown as Job, { jobId: 'x' } as unknown as Job);
    new RunnerJob(ci, 'b', { needs: 'a' as never, steps: [{ run: 'true' }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/a: needs "build", which is not a job; pass jobs of this workflow, for example addNeeds(buildJob).',
      'ci/a: needs undefined, which is not a job; pass jobs of this workflow, for example addNeeds(buildJob).',
      'ci/a: needs {"jobId":"x"}, which is not a job; pass jobs of this workflow, for example addNeeds(buildJob).',
      'ci/b: needs "a", which is not a job; pass jobs of this workflow, for example addNeeds(buildJob).',
    ]);
  });
});

describe('contexts each key may read (GitHub\'s workflow schema)', () => {
  test.each([
    ['env in a service image', { services: [{ name: 'db', image: 'postgres:${{ env.PG }}' }] }, 'services.db.image reads env.PG, but GitHub does not allow the env context there (it allows github, inputs, vars, needs, strategy, matrix)'],
    ['env in job-level env', { env: { A: '${{ env.B }}' } }, 'env.A reads env.B, but GitHub does not allow the env context there (it allows github, inputs, vars, needs, strategy, matrix, secrets)'],
    ['steps in the job if', { if: "steps.x.outputs.y == 'z'" }, 'if reads steps.x.outputs.y, but GitHub does not allow the steps context there (it allows github, inputs, vars, needs)'],
    ['secrets in the container image', { container: { image: '${{ secrets.IMAGE }}' } }, 'container.image reads secrets.IMAGE, but GitHub does not allow the secrets context there'],
    ['runner in runs-on', { runsOn: ['${{ runner.os }}'] }, 'runs-on[0] reads runner.os, but GitHub does not allow the runner context there'],
  ])('%s is refused before writing (GitHub\'s parser refuses the file)', (_label, props, message) => {
    const ci = workflow();
    new RunnerJob(ci, 'job', { checkout: { enabled: false }, steps: [{ run: 'true' }], ...props });
    expect(problemsOf(() => ci.toYaml())).toEqual([expect.stringContaining(`ci/job: ${message}`)]);
  });

  test('the same contexts where the schema allows them pass the judge', async () => {
    const ci = workflow({ env: { PG: '16' } });
    new RunnerJob(ci, 'job', {
      checkout: { enabled: false },
      container: { image: 'python:3.12', credentials: { username: '${{ env.USER_NAME }}', password: '${{ secrets.REGISTRY_TOKEN }}' } },
      env: { USER_NAME: 'ci', TOKEN: '${{ secrets.T }}' },
      steps: [{ id: 'x', run: 'true' }, { if: "steps.x.outcome == 'success' && env.PG == '16'", run: 'true' }],
    });
    await expectValidWorkflow(ci.toYaml());
  });
});

describe('inputs.<name> must name a declared input', () => {
  test('dispatch and call inputs are known (any case); another name is refused, listing the declared ones', async () => {
    const ci = workflow({
      triggers: {
        workflowDispatch: { inputs: { target: { type: DispatchInputType.CHOICE, options: ['staging', 'production'] } } },
        workflowCall: { inputs: { dryRun: { type: WorkflowCallInputType.BOOLEAN } } },
      },
    });
    new RunnerJob(ci, 'deploy', { if: 'inputs.DryRun != true', env: { TARGET: '${{ inputs.target }}' }, steps: [{ run: './deploy.sh "$TARGET"' }] });
    await expectValidWorkflow(ci.toYaml());
    const bad = workflow({ triggers: { workflowDispatch: { inputs: { target: {} } } } });
    new RunnerJob(bad, 'deploy', { env: { A: '${{ inputs.taget }}', B: '${{ github.event.inputs.trget }}' }, steps: [{ run: 'true' }] });
    expect(problemsOf(() => bad.toYaml())).toEqual([
      'ci/deploy: env.A reads inputs.taget, which is not a declared input (the workflow declares target); fix the name or declare the input.',
      'ci/deploy: env.B reads github.event.inputs.trget, which is not a declared input (the workflow declares target); fix the name or declare the input.',
    ]);
  });

  test('a workflow without inputs says so', () => {
    const ci = workflow();
    new RunnerJob(ci, 'x', { env: { A: '${{ inputs.version }}' }, steps: [{ run: 'true' }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/x: env.A reads inputs.version, but the workflow declares no inputs; declare it in triggers.workflowDispatch.inputs or triggers.workflowCall.inputs, or remove the reference.',
    ]);
  });
});

describe('steps.<id> must name a step of the job', () => {
  test('anywhere in the job, ignoring case', () => {
    const ci = workflow();
    new RunnerJob(ci, 'x', { steps: [{ id: 'Build', run: 'true' }, { if: "steps.build.outcome == 'success'", run: 'true', env: { D: '${{ steps.biuld.outputs.d }}' } }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/x: step 3 env.D reads steps.biuld, but no step of this job has the id "biuld"; give that step id: "biuld", or fix the name.',
    ]);
  });
});

describe('one error lists as much as it can', () => {
  test('a job whose props are fine is still checked on its model while another job has problems', () => {
    const ci = workflow();
    const build = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/Acme/app' });
    new ContainerTestJob(ci, 'test', { image: build, steps: [{ run: 'true', env: { X: '${{ matrix.x }}' } }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      expect.stringContaining('ci/build: image "ghcr.io/Acme/app" has uppercase letters'),
      expect.stringContaining('ci/test: reads matrix.x, but the job has no strategy'),
    ]);
  });
});
