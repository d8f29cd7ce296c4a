import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, Workflow } from '../../src';
import { pinnedUses } from '../support/actions';
import { expectValidWorkflow } from '../support/judge';
import { buildSeed } from '../support/seed';
import { tempProject } from '../support/synth';

function seedJob() {
  const project = tempProject('cache-docker');
  const { ci } = buildSeed(project);
  return YAML.parse(ci.toYaml()).jobs.lint_and_test;
}

describe('ContainerTestJob', () => {
  test('needs the build job it runs in, without being told', () => {
    expect(seedJob().needs).toEqual(['build_docker']);
  });

  test('runs in the exact image pushed in this run, read from the build job output', () => {
    expect(seedJob().container.image).toBe('${{ needs.build_docker.outputs.image }}');
  });

  test('is skipped, never run on the bare host, when the build pushed nothing', () => {
    expect(seedJob().if).toBe("needs.build_docker.outputs.image != ''");
  });

  test('pulls with registry credentials from GITHUB_TOKEN and grants contents: read, packages: read', () => {
    const job = seedJob();
    expect(job.container.credentials).toEqual({ username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' });
    expect(job.permissions).toEqual({ contents: 'read', packages: 'read' });
  });

  test('checks out, then runs the user steps in order with names and multi-line scripts intact', () => {
    const steps = seedJob().steps;
    expect(steps[0]).toEqual({ name: 'Check out repository', uses: pinnedUses('checkout'), with: { 'persist-credentials': 'false' } });
    expect(steps.slice(1)).toEqual([
      { name: 'Lint code', run: 'pre-commit install\npre-commit run' },
      { name: 'Run tests', run: 'pytest tests' },
    ]);
  });

  test('writes a multi-line script as a literal block', () => {
    const project = tempProject('cache-docker');
    const { ci } = buildSeed(project);
    expect(ci.toYaml()).toContain('        run: |-\n          pre-commit install\n          pre-commit run\n');
  });

  test('has a 30 minute timeout by default', () => {
    expect(seedJob()['timeout-minutes']).toBe(30);
  });

  test('several consumers of one image each need only their build job and run in parallel', async () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/o/app' });
    for (const id of ['lint', 'unit', 'integration']) {
      new ContainerTestJob(ci, id, { image, steps: [{ run: `make ${id}` }] });
    }
    const text = ci.toYaml();
    const jobs = YAML.parse(text).jobs;
    expect(Object.keys(jobs)).toEqual(['build', 'lint', 'unit', 'integration']);
    for (const id of ['lint', 'unit', 'integration']) {
      expect(jobs[id].needs).toEqual(['build']);
    }
    await expectValidWorkflow(text);
  });

  test('typed step fields are written with GitHub\'s keys', () => {
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: {} } });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/o/app' });
    new ContainerTestJob(ci, 'test', {
      image,
      steps: [{
        name: 'Tests',
        id: 'tests',
        if: 'always()',
        run: 'make test',
        shell: 'bash',
        workingDirectory: 'app',
        env: { CI: 'true' },
        continueOnError: true,
        timeoutMinutes: 5,
      }],
    });
    expect(YAML.parse(ci.toYaml()).jobs.test.steps[1]).toEqual({
      'name': 'Tests',
      'id': 'tests',
      'if': 'always()',
      'shell': 'bash',
      'working-directory': 'app',
      'env': { CI: 'true' },
      'run': 'make test',
      'continue-on-error': true,
      'timeout-minutes': 5,
    });
  });
});
