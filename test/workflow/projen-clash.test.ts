/**
 * At home in a projen project: a workflow whose file projen already writes
 * (a NodeProject's build workflow, a second `ci`) is refused with our own
 * error, naming the clash and the fix, before anything is written.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { javascript, Project } from 'projen';
import { RunnerJob, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
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

function job(ci: Workflow): void {
  new RunnerJob(ci, 'test', { steps: [{ run: 'make test' }] });
}

test('a workflow named like projen\'s own build workflow is refused, naming the file, projen\'s component and both ways out; nothing is written', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-clash-'));
  const project = new javascript.NodeProject({ name: 'app', defaultReleaseBranch: 'main', outdir, github: true, buildWorkflow: true, release: false });
  const build = new Workflow(project, 'build', { triggers: { push: {} } });
  job(build);
  expect(problemsOf(() => project.synth())).toEqual([
    'build: .github/workflows/build.yml is already a file of this project (YamlFile, e.g. one of projen\'s own workflows such as build or release), ' +
    'so both would write it; give this Workflow another id (for example "build-docker"), or turn the other workflow off in the project\'s options.',
  ]);
  expect(fs.existsSync(path.join(outdir, '.github', 'workflows', 'build.yml'))).toBe(false);
});

test('beside projen\'s build workflow, a workflow of another id is written and projen\'s stays projen\'s', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-clash-'));
  const project = new javascript.NodeProject({ name: 'app', defaultReleaseBranch: 'main', outdir, github: true, buildWorkflow: true, release: false });
  const ci = new Workflow(project, 'docker', { triggers: { push: {} } });
  job(ci);
  // No npm/yarn install after synthesis (projen's post-synthesis step): only the files matter here.
  const previous = process.env.PROJEN_DISABLE_POST;
  process.env.PROJEN_DISABLE_POST = 'true';
  try {
    project.synth();
  } finally {
    if (previous === undefined) delete process.env.PROJEN_DISABLE_POST; else process.env.PROJEN_DISABLE_POST = previous;
  }
  const files = fs.readdirSync(path.join(outdir, '.github', 'workflows')).sort();
  expect(files).toEqual(expect.arrayContaining(['build.yml', 'docker.yml']));
});

test('a second workflow with the same id is refused at once with our error', () => {
  const project = tempProject();
  new Workflow(project, 'ci', { triggers: { push: {} } });
  expect(() => new Workflow(project, 'ci', { triggers: { push: {} } })).toThrow(WorkflowValidationError);
  expect(() => new Workflow(project, 'ci', { triggers: { push: {} } })).toThrow('ci: a workflow (or another component) with id "ci" already exists in this project');
});

test('ids that differ only in case are refused: their files clash on case-insensitive disks', () => {
  const project = new Project({ name: 'p', outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-clash-')) });
  job(new Workflow(project, 'ci', { triggers: { push: {} } }));
  job(new Workflow(project, 'CI', { triggers: { push: {} } }));
  expect(problemsOf(() => project.synth())).toEqual([
    'CI: workflows "ci" and "CI" differ only in case, so their files clash on case-insensitive file systems (macOS, Windows); rename one.',
  ]);
});
