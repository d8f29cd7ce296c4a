/**
 * Beside projen's GitHub component: an override set on
 * `project.github.actions` (projen's GitHubActionsProvider) is what the
 * library's workflows use too, after the workflow's own `actions` prop and
 * before the action table; under SHA pinning it must name a commit.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { github, javascript, Project } from 'projen';
import { ActionPinning, ActionVersions, ContainerTestJob, DockerBuildJob, GhaCache, Workflow } from '../../src';
import { ACTION_TABLE } from '../../src/actions/action-table';
import { expectValidWorkflow } from '../support/judge';
import { validationProblems as problems } from '../support/synth';

// actions/checkout v6.0.0 and docker/build-push-action v7.2.0, each resolved in the action's own git
// (git rev-parse '<tag>^{commit}'; the same commits test/security/pinning.test.ts uses).
const CHECKOUT_V6 = 'actions/checkout@1af3b93b6815bc44a9784bd300feb67ff0d1eeb3';
const BUILD_PUSH_V72 = 'docker/build-push-action@f9f3042f7e2789586610d6e8b85c8f03e5195baf';

/** A bare project with projen's GitHub component (no Mergify, no pull-request lint: only what the test needs). */
function projectWithGitHub(): { project: Project; gh: github.GitHub } {
  const project = new Project({ name: 'with-github', outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-')) });
  const gh = new github.GitHub(project, { mergify: false, pullRequestLint: false });
  return { project, gh };
}

function seed(project: Project, props: { pinning?: ActionPinning; actions?: ActionVersions } = {}): Workflow {
  const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} }, ...props });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max() });
  new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
  return ci;
}

/** The distinct `uses:` values of `yaml`, comments included, in order of first use. */
function usesOf(yaml: string): string[] {
  return [...new Set(yaml.split('\n').filter((l) => /^\s+(- )?uses: /.test(l)).map((l) => l.replace(/^\s+(- )?uses: /, '')))];
}


const pinned = (key: keyof typeof ACTION_TABLE) => `${ACTION_TABLE[key].repository}@${ACTION_TABLE[key].pin.sha} # ${ACTION_TABLE[key].pin.version}`;
/** The archive's upload (build job) and download (fork fallback) on a fork's pull request. */
const ARCHIVE_ACTIONS = [pinned('uploadArtifact'), pinned('downloadArtifact')];

describe('project.github.actions', () => {
  test('an override by name replaces the action in every step of our workflows; the others stay pinned', async () => {
    const { project, gh } = projectWithGitHub();
    const ci = seed(project);
    // Set after the workflow was created, as a .projenrc.ts may: it is read when the workflow is written.
    gh.actions.set('actions/checkout', CHECKOUT_V6);
    project.synth();
    const yaml = fs.readFileSync(path.join(project.outdir, '.github/workflows/ci.yml'), 'utf8');
    expect(yaml).toBe(ci.toYaml());
    expect(usesOf(yaml)).toEqual([CHECKOUT_V6, pinned('setupBuildx'), pinned('login'), pinned('buildPush'), ...ARCHIVE_ACTIONS]);
    expect(yaml.match(/uses: actions\/checkout@/g)).toHaveLength(3);
    // zizmor (unpinned-uses), actionlint, GitHub's parser and the action facts.
    await expectValidWorkflow(yaml, 'ci.yml');
  });

  test('an override for our major (owner/repo@v7) applies; one for another major (projen\'s own @v5) does not', () => {
    const { project, gh } = projectWithGitHub();
    gh.actions.set('docker/build-push-action@v7', `${BUILD_PUSH_V72} # v7.2.0`);
    gh.actions.set('actions/checkout@v5', CHECKOUT_V6);
    expect(usesOf(seed(project).toYaml())).toEqual([pinned('checkout'), pinned('setupBuildx'), pinned('login'), `${BUILD_PUSH_V72} # v7.2.0`, ...ARCHIVE_ACTIONS]);
  });

  test('the workflow\'s own actions prop wins over projen\'s override, which wins over the table', () => {
    const { project, gh } = projectWithGitHub();
    gh.actions.set('actions/checkout', CHECKOUT_V6);
    gh.actions.set('docker/build-push-action', BUILD_PUSH_V72);
    const ci = seed(project, { actions: { checkout: pinned('checkout') } });
    expect(usesOf(ci.toYaml())).toEqual([pinned('checkout'), pinned('setupBuildx'), pinned('login'), BUILD_PUSH_V72, ...ARCHIVE_ACTIONS]);
  });

  test('under SHA pinning (the default) an override to a tag is refused, naming the action and the ways out', () => {
    const { project, gh } = projectWithGitHub();
    gh.actions.set('actions/checkout', 'actions/checkout@v5');
    gh.actions.set('docker/login-action', 'not a reference');
    gh.actions.set('docker/setup-qemu-action', 'docker/setup-qemu-action@master'); // not used by this workflow: none of its business
    expect(problems(seed(project))).toEqual([
      'ci: project.github.actions overrides actions/checkout@v7 with "actions/checkout@v5", a tag or branch that can move, but this workflow pins actions by commit (pinning: ActionPinning.SHA); ' +
        'set it to a full commit SHA (project.github.actions.set(\'actions/checkout\', \'actions/checkout@<40-hex commit SHA>\')), ' +
        'give this workflow its own actions: { checkout: \'actions/checkout@<40-hex commit SHA> # vX.Y.Z\' } (which wins over projen\'s overrides), or use pinning: ActionPinning.MAJOR.',
      'ci: project.github.actions overrides docker/login-action@v4 with "not a reference", which is not a valid action reference; ' +
        'set it to owner/repo@ref, e.g. project.github.actions.set(\'docker/login-action\', \'docker/login-action@<40-hex commit SHA>\').',
    ]);
  });

  test('the workflow\'s own actions prop is also the way past a refused override: nothing of projen\'s is read for that action', () => {
    const { project, gh } = projectWithGitHub();
    gh.actions.set('actions/checkout', 'actions/checkout@v5');
    expect(usesOf(seed(project, { actions: { checkout: CHECKOUT_V6 } }).toYaml())[0]).toBe(CHECKOUT_V6);
  });

  test('with ActionPinning.MAJOR a tag is what the user asked for, and is written', async () => {
    const { project, gh } = projectWithGitHub();
    gh.actions.set('actions/checkout', 'actions/checkout@v6');
    const yaml = seed(project, { pinning: ActionPinning.MAJOR }).toYaml();
    expect(usesOf(yaml)).toEqual(['actions/checkout@v6', 'docker/setup-buildx-action@v4', 'docker/login-action@v4', 'docker/build-push-action@v7', 'actions/upload-artifact@v7', 'actions/download-artifact@v8']);
    // zizmor's default persona flags every tag; this workflow chose tags, so only the other judges apply.
    await expectValidWorkflow(yaml, 'ci.yml', { judges: ['workflow-parser', 'actionlint', 'action-facts'] });
  });

  test('in a NodeProject, one override by name pins checkout in projen\'s build workflow and in ours alike', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-'));
    const project = new javascript.NodeProject({
      name: 'app', defaultReleaseBranch: 'main', outdir, github: true, buildWorkflow: true, release: false, mergify: false, pullRequestTemplate: false,
    });
    project.github!.actions.set('actions/checkout', CHECKOUT_V6);
    seed(project);
    const previous = process.env.PROJEN_DISABLE_POST;
    process.env.PROJEN_DISABLE_POST = 'true';
    try {
      project.synth();
    } finally {
      if (previous === undefined) delete process.env.PROJEN_DISABLE_POST; else process.env.PROJEN_DISABLE_POST = previous;
    }
    const read = (file: string) => fs.readFileSync(path.join(outdir, '.github', 'workflows', file), 'utf8');
    expect(usesOf(read('build.yml'))).toContain(CHECKOUT_V6);
    expect(usesOf(read('ci.yml'))[0]).toBe(CHECKOUT_V6);
    expect(read('ci.yml')).not.toMatch(/actions\/checkout@(?!1af3b93b)/);
  });

  test('without projen\'s GitHub component (a bare Project), nothing changes', () => {
    const project = new Project({ name: 'bare', outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-')) });
    expect(github.GitHub.of(project)).toBeUndefined();
    expect(usesOf(seed(project).toYaml())).toEqual([pinned('checkout'), pinned('setupBuildx'), pinned('login'), pinned('buildPush'), ...ARCHIVE_ACTIONS]);
  });
});
