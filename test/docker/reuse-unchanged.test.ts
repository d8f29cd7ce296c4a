/**
 * reuseUnchanged: a build skipped because the registry already has the image
 * built from the same inputs, whose digest is handed over instead. The
 * lookup and hand-over scripts run in bash with a stand-in `docker`; the
 * conditions and outputs are evaluated with GitHub's expression engine.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, GhaCache, PlatformStrategy, ReuseUnchanged, Workflow } from '../../src';
import { settingsKey } from '../../src/docker/reuse-unchanged';
import { IS_FORK_PR } from '../../src/expressions/expressions';
import { expectValidWorkflow } from '../support/judge';
import { evaluateCondition, evaluateString, runContexts, RunScenario } from '../support/simulate';
import { tempProject } from '../support/synth';

const BUILT = `sha256:${'b'.repeat(64)}`;
const REUSED = `sha256:${'e'.repeat(64)}`;
const FILES_HASH = 'f'.repeat(64);

type StepYaml = {
  name?: string; id?: string; if?: string; uses?: string; with?: { [k: string]: string }; env?: { [k: string]: string }; run?: string;
};
type BuildYaml = { outputs: { image: string }; steps: StepYaml[] };

function synth(extra: Partial<ConstructorParameters<typeof DockerBuildJob>[2]> = {}) {
  const ci = new Workflow(tempProject('reuse'), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const build = new DockerBuildJob(ci, 'build', {
    image: 'ghcr.io/acme/shop', cache: GhaCache.max(), reuseUnchanged: ReuseUnchanged.whenFilesMatch(['Dockerfile', 'src/**', '!src/**/*.md']), ...extra,
  });
  new ContainerTestJob(ci, 'test', { image: build, steps: [{ run: 'make test' }] });
  return { ci, yaml: ci.toYaml() };
}

function buildJob(yaml: string): BuildYaml {
  return (YAML.parse(yaml) as { jobs: { build: BuildYaml } }).jobs.build;
}

const step = (job: BuildYaml, id: string) => job.steps.find((s) => s.id === id)!;

/** Runs a step's bash with `env`, a stand-in docker (inspect finds `registryHas`, or fails), and returns what it wrote to GITHUB_OUTPUT. */
function runStep(s: StepYaml, env: { [k: string]: string }, registryHas?: string): {
  status: number | null; outputs: { [k: string]: string }; stdout: string;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reuse-'));
  const output = path.join(dir, 'output');
  fs.writeFileSync(output, '');
  fs.writeFileSync(path.join(dir, 'docker'), registryHas === undefined
    ? '#!/usr/bin/env bash\necho "ERROR: not found" >&2\nexit 1\n'
    : `#!/usr/bin/env bash\necho "${registryHas}"\n`, { mode: 0o755 });
  const proc = spawnSync('bash', ['-c', s.run!], { env: { PATH: `${dir}:${process.env.PATH}`, GITHUB_OUTPUT: output, ...env }, encoding: 'utf8' });
  const outputs = Object.fromEntries(fs.readFileSync(output, 'utf8').split('\n').filter((l) => l !== '').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  fs.rmSync(dir, { recursive: true, force: true });
  return { status: proc.status, outputs, stdout: proc.stdout };
}

const PUSH: RunScenario = { eventName: 'push', repository: 'acme/shop', digest: BUILT };
const PR: RunScenario = { eventName: 'pull_request', repository: 'acme/shop', headRepository: 'acme/shop', digest: BUILT };

/** One run of the build job: the lookup (registry has `registryHas`), the build if it runs, the hand-over; the job's image output. */
function simulate(yaml: string, run: RunScenario, registryHas?: string): { built: boolean; image: string; pushedTags: string[] } {
  const job = buildJob(yaml);
  const lookup = step(job, 'reuse_lookup');
  const github = runContexts(run);
  const found = runStep(lookup, { IMAGE: lookup.env!.IMAGE, FILES_HASH, SETTINGS: lookup.env!.SETTINGS }, registryHas);
  expect(found.status).toBe(0);
  const steps: { [id: string]: { outputs: { [k: string]: string } } } = { reuse_lookup: { outputs: found.outputs } };
  const build = step(job, 'build');
  const built = evaluateCondition(build.if, { contexts: { ...github, steps } });
  const pushedTags = built ? evaluateString(build.with!.tags, { contexts: { ...github, steps } }).split('\n').filter((t) => t !== '') : [];
  steps.build = { outputs: { digest: built ? BUILT : '' } };
  const handOver = step(job, 'image_digest');
  const env = Object.fromEntries(Object.entries(handOver.env!).map(([k, v]) => [k, evaluateString(v, { contexts: { ...github, steps } })]));
  steps.image_digest = { outputs: runStep(handOver, env).outputs };
  return { built, image: evaluateString(job.outputs.image, { contexts: { ...github, steps } }), pushedTags };
}

describe('reuseUnchanged', () => {
  const { yaml } = synth();
  const job = buildJob(yaml);

  test('is a valid workflow', async () => {
    await expectValidWorkflow(yaml);
  });

  test('looks the inputs up after the login, builds only when nothing was found, then hands over the digest either way', () => {
    const ids = job.steps.map((s) => s.id ?? s.name);
    expect(ids.indexOf('reuse_lookup')).toBe(ids.indexOf('Log in to ghcr.io') + 1);
    expect(ids.indexOf('build')).toBe(ids.indexOf('reuse_lookup') + 1);
    expect(ids.indexOf('image_digest')).toBe(ids.indexOf('build') + 1);
    // ...and not on a fork's pull request, where the archive's export (which the fork fallback loads) is the build.
    expect(step(job, 'build').if).toBe(`(steps.reuse_lookup.outputs.digest == '') && (!(${IS_FORK_PR}))`);
    expect(job.outputs.image).toContain('steps.image_digest.outputs.digest');
    expect(step(job, 'reuse_lookup').env!.FILES_HASH).toBe("${{ hashFiles('Dockerfile', 'src/**', '!src/**/*.md') }}");
  });

  test('a run whose inputs were built before hands that digest over and builds nothing', () => {
    expect(simulate(yaml, PUSH, REUSED)).toEqual({ built: false, image: `ghcr.io/acme/shop@${REUSED}`, pushedTags: [] });
    expect(simulate(yaml, PR, REUSED)).toEqual({ built: false, image: `ghcr.io/acme/shop@${REUSED}`, pushedTags: [] });
  });

  test('new inputs are built; only a default-branch build pushes the inputs tag, a pull request does not', () => {
    const settings = step(job, 'reuse_lookup').env!.SETTINGS;
    const onMain = simulate(yaml, PUSH);
    expect(onMain.built).toBe(true);
    expect(onMain.image).toBe(`ghcr.io/acme/shop@${BUILT}`);
    expect(onMain.pushedTags).toEqual([`ghcr.io/acme/shop:${'a'.repeat(40)}`, `ghcr.io/acme/shop:inputs-${settings}-${FILES_HASH}`]);
    expect(simulate(yaml, PR).pushedTags).toEqual([`ghcr.io/acme/shop:${'a'.repeat(40)}`]);
  });

  test('the lookup fails the run when no file matches the patterns (hashFiles gives an empty string)', () => {
    const lookup = step(job, 'reuse_lookup');
    const { status, stdout } = runStep(lookup, { IMAGE: 'ghcr.io/acme/shop', FILES_HASH: '', SETTINGS: 'x' });
    expect(status).toBe(1);
    expect(stdout).toContain('no file matches the patterns of reuseUnchanged');
  });

  test('build settings are part of the tag: another build arg or target is another image', () => {
    const base = { image: 'ghcr.io/acme/shop' };
    expect(settingsKey(base, undefined)).toMatch(/^[0-9a-f]{12}$/);
    expect(settingsKey(base, undefined)).toBe(settingsKey({ ...base }, undefined));
    expect(settingsKey({ ...base, buildArgs: { V: '1' } }, undefined)).not.toBe(settingsKey({ ...base, buildArgs: { V: '2' } }, undefined));
    expect(settingsKey({ ...base, target: 'ci' }, undefined)).not.toBe(settingsKey(base, undefined));
    expect(settingsKey(base, ['linux/amd64'])).not.toBe(settingsKey(base, ['linux/amd64', 'linux/arm64']));
  });

  test('without it, the build step has no condition and the image is the build step\'s digest', () => {
    const plain = buildJob(synth({ reuseUnchanged: undefined }).yaml);
    expect(step(plain, 'build').if).toBe(`!(${IS_FORK_PR})`);
    expect(plain.steps.some((s) => s.id === 'reuse_lookup' || s.id === 'image_digest')).toBe(false);
    expect(plain.outputs.image).toContain('steps.build.outputs.digest');
  });

  test('a setting computed at run time is refused: the key could not see it change (another build\'s digest, a version)', () => {
    expect(() => synth({ buildArgs: { VERSION: '${{ github.sha }}' }, buildContexts: { base: 'docker-image://${{ needs.base.outputs.image }}' } }))
      .toThrow(/reuseUnchanged keys the image on the build settings as written, but buildArgs\.VERSION is an expression[\s\S]*but buildContexts\.base is an expression/);
  });

  test('bad patterns and native runners are refused together', () => {
    expect(() => synth({ reuseUnchanged: ReuseUnchanged.whenFilesMatch([]) })).toThrow(/ci\/build: reuseUnchanged names no files/);
    expect(() => synth({ reuseUnchanged: ReuseUnchanged.whenFilesMatch(["src/'x'"]) })).toThrow(/reuseUnchanged pattern "src\/'x'" must be a file pattern without quotes/);
    expect(() => synth({ platforms: ['linux/amd64', 'linux/arm64'], platformStrategy: PlatformStrategy.nativeRunners() }))
      .toThrow(/reuseUnchanged is not available with PlatformStrategy.nativeRunners\(\)/);
  });
});
