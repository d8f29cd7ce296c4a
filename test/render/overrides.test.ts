/**
 * Escape hatches, as projen's files have them: addOverride / addDeletionOverride
 * on a workflow and on a job, applied to the rendered data after everything
 * else; the result is still written by our emitter and judged.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, GhaCache, RunnerJob, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { splitPath } from '../../src/render/overrides';
import { CommentedScalar } from '../../src/render/yaml-emitter';
import { expectValidWorkflow } from '../support/judge';
import { listFiles, tempProject } from '../support/synth';

function seedLike() {
  const project = tempProject();
  const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] } } });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/shop', cache: GhaCache.max() });
  const tests = new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'pytest -q' }] });
  const deploy = new RunnerJob(ci, 'deploy', { needs: [tests], steps: [{ name: 'Deploy', run: './deploy.sh' }] });
  return { project, ci, image, tests, deploy };
}

describe('addOverride', () => {
  test('on the workflow: a dot path of GitHub keys, set after everything else; the file is still judged clean', async () => {
    const { ci } = seedLike();
    ci.addOverride('jobs.deploy.timeout-minutes', 15);
    ci.addOverride('on.push.tags', ['v*']);
    const yaml = ci.toYaml();
    const doc = YAML.parse(yaml);
    expect(doc.jobs.deploy['timeout-minutes']).toBe(15);
    expect(doc.on.push).toEqual({ branches: ['main'], tags: ['v*'] });
    expect(yaml).toBe(ci.toYaml());
    await expectValidWorkflow(yaml);
  });

  test('on a job: relative to the job; list elements by index, a list\'s length appends; \\. is a dot inside a key', async () => {
    const { ci, deploy, image } = seedLike();
    deploy.addOverride('steps.1.with', { 'fetch-depth': 0 });
    deploy.addOverride('steps.1.run', undefined);
    deploy.addOverride('steps.1.uses', 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1');
    deploy.addDeletionOverride('steps.1.name');
    deploy.addOverride('steps.2', { name: 'Notify', run: 'echo done' });
    image.addOverride('env.DOCKER\\.BUILDKIT', '1');
    const doc = YAML.parse(ci.toYaml());
    expect(doc.jobs.deploy.steps[1]).toEqual({ uses: 'actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1', with: { 'fetch-depth': 0 } });
    expect(doc.jobs.deploy.steps[2]).toEqual({ name: 'Notify', run: 'echo done' });
    expect(doc.jobs.build.env).toEqual({ 'DOCKER.BUILDKIT': '1' });
  });

  test('addDeletionOverride removes a key the library wrote', async () => {
    const { ci, tests } = seedLike();
    tests.addDeletionOverride('timeout-minutes');
    ci.addDeletionOverride('concurrency');
    const yaml = ci.toYaml();
    const doc = YAML.parse(yaml);
    expect(doc.jobs.test['timeout-minutes']).toBeUndefined();
    expect(doc.concurrency).toBeUndefined();
    await expectValidWorkflow(yaml);
  });

  test('what the plain data is: _render() holds the overrides too, and the YAML reads back as exactly it', () => {
    const { ci, deploy } = seedLike();
    deploy.addOverride('timeout-minutes', 5);
    ci.addOverride('jobs.test.continue-on-error', true);
    // A commented scalar (a pinned action's version) reads back as its value.
    const plain = JSON.parse(JSON.stringify(ci._render(), (_key, value) => (value instanceof CommentedScalar ? value.value : value)));
    expect(YAML.parse(ci.toYaml())).toEqual(plain);
  });

  test('a bad path, a value that is not plain data, and an index past the list are refused before anything is written', () => {
    const { project, ci, deploy } = seedLike();
    ci.addOverride('jobs..x', 1);
    deploy.addOverride('env', new Date(0));
    deploy.addOverride('steps.7.name', 'x');
    expect(() => project.synth()).toThrow(WorkflowValidationError);
    try {
      project.synth();
    } catch (e) {
      expect((e as WorkflowValidationError).problems).toEqual([
        'ci: addOverride("jobs..x") is not a path; give dot-separated keys such as "timeout-minutes" or "steps.0.with.fetch-depth" (\\. for a dot inside a key).',
        expect.stringMatching(/^ci\/deploy: addOverride\("env"\) sets .*; give strings, finite numbers, booleans, lists or plain objects of those\.$/),
      ]);
    }
    expect(listFiles(project.outdir).filter((f) => f.startsWith('.github'))).toEqual([]);
    const index = seedLike();
    index.deploy.addOverride('steps.7.name', 'x');
    expect(() => index.ci.toYaml()).toThrow('ci/deploy: override "steps.7.name" indexes the list at "steps.7" with "7", which is not an index from 0 to 1');
  });

  test('the drift check compares the file with the overrides applied', () => {
    const { project, ci, deploy } = seedLike();
    deploy.addOverride('timeout-minutes', 15);
    project.synth();
    expect(ci.checkDrift()).toEqual([]);
    const file = path.join(project.outdir, ci.filePath);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('timeout-minutes: 15', 'timeout-minutes: 16'));
    expect(ci.checkDrift()).toEqual([expect.stringContaining('differs from what .projenrc.ts synthesizes')]);
  });

  test.each([
    ['a.b.c', ['a', 'b', 'c']],
    ['a\\.b.c', ['a.b', 'c']],
    ['steps.0.with', ['steps', '0', 'with']],
    ['one', ['one']],
  ])('splitPath(%s)', (text, keys) => {
    expect(splitPath(text)).toEqual(keys);
  });
});
