/**
 * SHA pinning: the action table carries a verified commit and exact version
 * per action; `pinning: ActionPinning.SHA` writes `uses: owner/repo@<sha> # vX.Y.Z`
 * with the reference unquoted, so the version stays a comment.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Project } from 'projen';
import * as YAML from 'yaml';
import { ActionPinning, ContainerTestJob, DockerBuildJob, GhaCache, Workflow } from '../../src';
import { ACTION_TABLE, ActionKey, ActionResolver, ActionTable } from '../../src/actions/action-table';
import { WorkflowValidationError } from '../../src/errors';
import { CommentedScalar, emitYaml } from '../../src/render/yaml-emitter';
import { expectValidWorkflow } from '../support/judge';
import { buildSeed } from '../support/seed';
import { listFiles, tempProject } from '../support/synth';

const KEYS = Object.keys(ACTION_TABLE) as ActionKey[];
/** The table through its declared row type (a row without a pin has no `pin` key at all). */
const TABLE: ActionTable = ACTION_TABLE;

function pinnedSeed(project: Project, actions = {}): Workflow {
  const ci = new Workflow(project, 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} }, pinning: ActionPinning.SHA, actions });
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app', cache: GhaCache.max() });
  new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
  return ci;
}

/** The `uses:` lines of `yaml`, exactly as written. */
function usesLines(yaml: string): string[] {
  return yaml.split('\n').filter((line) => /^\s+(- )?uses: /.test(line)).map((line) => line.replace(/^\s+(- )?/, ''));
}

describe('the action table', () => {
  test.each(KEYS)('%s: repository and major', (key) => {
    expect(TABLE[key].repository).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
    expect(TABLE[key].major).toMatch(/^v[1-9][0-9]*$/);
  });

  test.each(KEYS)('%s: a 40-hex lowercase commit SHA and a version of its major', (key) => {
    const row = TABLE[key];
    // Every other action the library emits has a pin resolved from its own git tag (docs/security.md).
    expect(row.pin).toBeDefined();
    expect(row.pin!.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(row.pin!.version).toMatch(/^v[0-9]+\.[0-9]+\.[0-9]+$/);
    expect(row.pin!.version.startsWith(`${row.major}.`)).toBe(true);
  });

  test('a row without a verified pin makes SHA pinning ask for an override instead of guessing', () => {
    const table: ActionTable = { ...TABLE, cache: { repository: 'actions/cache', major: 'v6' } };
    expect(new ActionResolver({}, ActionPinning.SHA, table).validate(['cache'])).toEqual([expect.stringContaining('no verified commit SHA for actions/cache (actions.cache)')]);
    expect(new ActionResolver({ cache: 'actions/cache@55cc8345863c7cc4c66a329aec7e433d2d1c52a9 # v6.1.0' }, ActionPinning.SHA, table).validate(['cache'])).toEqual([]);
  });

  test('no two actions share a commit SHA (a copy-paste slip would)', () => {
    const shas = KEYS.map((key) => TABLE[key].pin?.sha);
    expect(new Set(shas).size).toBe(shas.length);
  });

  test('the table file explains how to refresh it', () => {
    const source = fs.readFileSync(path.join(__dirname, '..', '..', 'src', 'actions', 'action-table.ts'), 'utf8');
    expect(source).toContain('HOW TO REFRESH THIS TABLE');
    expect(source).toContain('gh api repos/<owner>/<repo>/commits/<tag> --jq .sha');
  });
});

describe('pinning: ActionPinning.SHA', () => {
  test('every library action is written as owner/repo@<sha> # vX.Y.Z, unquoted, and YAML reads the bare reference', async () => {
    const yaml = pinnedSeed(tempProject()).toYaml();
    const row = (key: ActionKey) => `${TABLE[key].repository}@${TABLE[key].pin!.sha} # ${TABLE[key].pin!.version}`;
    expect(usesLines(yaml)).toEqual([
      `uses: ${row('checkout')}`,
      `uses: ${row('setupBuildx')}`,
      `uses: ${row('login')}`,
      `uses: ${row('buildPush')}`,
      // the export and upload of the archive the fork fallback loads (on a fork's pull request)
      `uses: ${row('buildPush')}`,
      `uses: ${row('uploadArtifact')}`,
      `uses: ${row('checkout')}`,
      // build_fork, the fork fallback: checkout, the archive's download (no login, no build)
      `uses: ${row('checkout')}`,
      `uses: ${row('downloadArtifact')}`,
    ]);
    expect(usesLines(yaml)[0]).toBe('uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1');
    const doc = YAML.parse(yaml);
    expect(doc.jobs.build.steps[0].uses).toBe('actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1');
    await expectValidWorkflow(yaml, 'ci.yml');
  });

  test('SHA pinning is the default; ActionPinning.MAJOR writes the major tags', () => {
    const yaml = buildSeed(tempProject()).ci.toYaml();
    const row = (key: ActionKey) => `uses: ${TABLE[key].repository}@${TABLE[key].pin!.sha} # ${TABLE[key].pin!.version}`;
    expect(usesLines(yaml)).toEqual([
      row('checkout'), row('setupBuildx'), row('login'), row('buildPush'), row('buildPush'), row('uploadArtifact'), row('checkout'),
      row('checkout'), row('downloadArtifact'),
    ]);
    const major = new Workflow(tempProject(), 'ci', { triggers: { push: {} }, pinning: ActionPinning.MAJOR });
    new DockerBuildJob(major, 'build', { image: 'ghcr.io/acme/app' });
    expect(usesLines(major.toYaml())).toEqual([
      'uses: actions/checkout@v7', 'uses: docker/setup-buildx-action@v4', 'uses: docker/login-action@v4', 'uses: docker/build-push-action@v7',
    ]);
  });

  test('per-action overrides win; an override may carry its own " # comment"', async () => {
    const yaml = pinnedSeed(tempProject(), {
      // actions/checkout v6.0.0, resolved in its own git (git rev-parse 'v6.0.0^{commit}'), as an organisation might stay on it.
      checkout: 'actions/checkout@1af3b93b6815bc44a9784bd300feb67ff0d1eeb3',
      buildPush: 'docker/build-push-action@f9f3042f7e2789586610d6e8b85c8f03e5195baf # v7.2.0',
    }).toYaml();
    expect(usesLines(yaml)).toEqual([
      'uses: actions/checkout@1af3b93b6815bc44a9784bd300feb67ff0d1eeb3',
      'uses: docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e # v4.3.0',
      'uses: docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0',
      'uses: docker/build-push-action@f9f3042f7e2789586610d6e8b85c8f03e5195baf # v7.2.0',
      'uses: docker/build-push-action@f9f3042f7e2789586610d6e8b85c8f03e5195baf # v7.2.0',
      'uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0',
      'uses: actions/checkout@1af3b93b6815bc44a9784bd300feb67ff0d1eeb3',
      'uses: actions/checkout@1af3b93b6815bc44a9784bd300feb67ff0d1eeb3',
      'uses: actions/download-artifact@3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c # v8.0.1',
    ]);
    await expectValidWorkflow(yaml, 'ci.yml');
  });

  test('an action without a verified SHA is refused by name, asking for an override; unused or overridden ones are not', () => {
    const table: ActionTable = { ...ACTION_TABLE, setupBuildx: { repository: 'docker/setup-buildx-action', major: 'v4' } };
    const used: ActionKey[] = ['checkout', 'setupBuildx', 'login', 'buildPush'];
    expect(new ActionResolver({}, ActionPinning.SHA, table).validate(used)).toEqual([
      'pinning is ActionPinning.SHA, but the library has no verified commit SHA for docker/setup-buildx-action (actions.setupBuildx); ' +
      'pin it yourself, e.g. actions: { setupBuildx: \'docker/setup-buildx-action@<40-hex commit SHA> # vX.Y.Z\' }, or use ActionPinning.MAJOR.',
    ]);
    expect(new ActionResolver({}, ActionPinning.SHA, table).validate(['checkout'])).toEqual([]);
    expect(new ActionResolver({ setupBuildx: 'docker/setup-buildx-action@v4' }, ActionPinning.SHA, table).validate(used)).toEqual([]);
    expect(new ActionResolver({}, ActionPinning.MAJOR, table).validate(used)).toEqual([]);
    // Without a pin, the reference falls back to the major (only reachable with MAJOR after validation).
    expect(new ActionResolver({}, ActionPinning.SHA, table).ref('setupBuildx')).toEqual({ uses: 'docker/setup-buildx-action@v4' });
  });

  test('an unpinned action is caught after rendering even when a job forgets to declare it, and nothing is written', () => {
    /** A job that emits the Buildx setup but does not declare it. */
    class Forgetful extends DockerBuildJob {
      public _actionsUsed(): ActionKey[] {
        return ['checkout'];
      }
    }
    const project = tempProject();
    const ci = new Workflow(project, 'ci', { triggers: { push: {} }, pinning: ActionPinning.SHA });
    const table: ActionTable = { ...ACTION_TABLE, setupBuildx: { repository: 'docker/setup-buildx-action', major: 'v4' } };
    Object.defineProperty(ci, '_actions', { value: new ActionResolver({}, ActionPinning.SHA, table) });
    new Forgetful(ci, 'build', { image: 'ghcr.io/acme/app' });
    let error: unknown;
    try {
      project.synth();
    } catch (e) {
      error = e;
    }
    expect((error as WorkflowValidationError).problems).toEqual([
      'ci: pinning is ActionPinning.SHA, but the library has no verified commit SHA for docker/setup-buildx-action (actions.setupBuildx); ' +
      'pin it yourself, e.g. actions: { setupBuildx: \'docker/setup-buildx-action@<40-hex commit SHA> # vX.Y.Z\' }, or use ActionPinning.MAJOR.',
    ]);
    expect(listFiles(project.outdir)).toEqual([]);
  });
});

describe('user steps', () => {
  test('a user step may pin its own action as \'owner/repo@<sha> # vX.Y.Z\': the comment stays a comment', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    new ContainerTestJob(ci, 'test', {
      image: new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' }),
      steps: [{ uses: 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0', with: { name: 'r', path: 'r' } }],
    });
    const yaml = ci.toYaml();
    expect(yaml).toContain('\n      - uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0\n');
    expect(YAML.parse(yaml).jobs.test.steps[1].uses).toBe('actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f');
    await expectValidWorkflow(yaml, 'ci.yml');
  });
});

describe('CommentedScalar in the emitter', () => {
  test('writes "value # comment" with the value plain when safe, quoted when not, the comment always outside', () => {
    expect(emitYaml({ uses: new CommentedScalar('a/b@0123', 'v1.2.3') })).toBe('uses: a/b@0123 # v1.2.3\n');
    expect(emitYaml({ x: new CommentedScalar('yes', 'a comment') })).toBe("x: 'yes' # a comment\n");
    expect(emitYaml({ x: new CommentedScalar('a # b', 'c') })).toBe("x: 'a # b' # c\n");
    expect(emitYaml({ x: new CommentedScalar('a', '') })).toBe('x: a\n');
    for (const text of ['uses: a/b@0123 # v1.2.3\n', "x: 'a # b' # c\n"]) {
      expect(Object.values(YAML.parse(text))[0]).toBe(text.startsWith('uses') ? 'a/b@0123' : 'a # b');
    }
  });

  test('refuses a multi-line value or comment', () => {
    expect(() => emitYaml({ x: new CommentedScalar('a\nb', 'c') })).toThrow('emitYaml: a commented scalar must be one line of printable text with a one-line comment at "x"');
    expect(() => emitYaml({ x: new CommentedScalar('a', 'c\nd') })).toThrow(/one-line comment/);
  });
});
