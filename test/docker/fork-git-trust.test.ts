/**
 * Git in the fork fallback's `docker run`: the checkout belongs to the
 * runner user, the container runs as root, and git refuses a repository
 * another user owns ("detected dubious ownership") unless it is marked safe.
 * The fallback marks it safe with GIT_CONFIG_COUNT/KEY/VALUE, passed like
 * the script (step env + `-e NAME`). These tests run the very command the
 * library writes, against a repository owned by another user, with a
 * stand-in docker that runs it on this machine (test/support/fake-docker.ts).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as YAML from 'yaml';
import { ContainerTestJob, ContainerTestJobProps, DockerBuildJob, ForkPullRequests, GhaCache, UnsupportedOnFork, Workflow } from '../../src';
import { runWithFakeDocker, RunStep } from '../support/fake-docker';
import { expectValidWorkflow } from '../support/judge';
import { tempProject, validationProblems as problems } from '../support/synth';

/** The uid the test repository is given when this process may chown (the `nobody` user on Linux). */
const OTHER_UID = 65534;

function workflowWith(consumers: { [id: string]: Partial<ContainerTestJobProps> }, unsupported?: UnsupportedOnFork): Workflow {
  const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} } });
  const image = new DockerBuildJob(ci, 'build', {
    image: 'ghcr.io/acme/app', cache: GhaCache.max(), forkPullRequests: ForkPullRequests.fallback({ unsupported }),
  });
  for (const [id, props] of Object.entries(consumers)) {
    new ContainerTestJob(ci, id, { image, steps: [{ run: 'make test' }], ...props } as ContainerTestJobProps);
  }
  return ci;
}

/** The fallback step that replays `name` (`<job>: <step name>`). */
function fallbackStep(yaml: string, name: string): RunStep {
  const step = YAML.parse(yaml).jobs.build_fork.steps.find((s: { name: string }) => s.name === name);
  expect(step).toBeDefined();
  return step;
}


/** The version of the git on PATH, or undefined without one. */
function gitVersion(): [number, number] | undefined {
  try {
    const match = /git version (\d+)\.(\d+)/.exec(execFileSync('git', ['--version'], { encoding: 'utf8' }));
    return match ? [Number(match[1]), Number(match[2])] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Why the replay cannot be shown on this machine, if it cannot: git reads
 * safe.directory from the environment (command scope) since 2.38; 2.35.2 to
 * 2.37 ignore it there, and older gits have no ownership check to show.
 */
function cannotRun(): string | undefined {
  const version = gitVersion();
  if (version === undefined) {
    return 'no git on PATH';
  }
  if (version[0] < 2 || (version[0] === 2 && version[1] < 38)) {
    return `git ${version.join('.')} is older than 2.38, the first to read safe.directory from GIT_CONFIG_* variables`;
  }
  return undefined;
}

/**
 * A git repository (one commit) that git sees as another user's: owned by
 * uid 65534 when this process runs as root (as the runner's checkout is to
 * the container's root), else marked through git's own test hook
 * GIT_TEST_ASSUME_DIFFERENT_OWNER (setup.c), handed to the "container".
 */
function foreignRepository(): { dir: string; passThrough?: { name: string; value: string } } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-checkout-'));
  const git = (...args: string[]) => execFileSync('git', ['-C', dir, ...args], { stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', HOME: dir } });
  git('init', '-q');
  fs.writeFileSync(path.join(dir, 'README.md'), 'hello\n');
  git('add', 'README.md');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'first');
  if (process.getuid?.() === 0) {
    execFileSync('chown', ['-R', `${OTHER_UID}:${OTHER_UID}`, dir]);
    return { dir };
  }
  return { dir, passThrough: { name: 'GIT_TEST_ASSUME_DIFFERENT_OWNER', value: '1' } };
}

/** The step's env without the variables git reads its command-scope configuration from. */
function withoutGitConfig(step: RunStep): RunStep {
  return { ...step, env: Object.fromEntries(Object.entries(step.env ?? {}).filter(([name]) => !name.startsWith('GIT_CONFIG_'))) };
}

const skipReason = cannotRun();
const describeRun = skipReason === undefined ? describe : describe.skip;

describeRun(`the replayed command, run against a checkout another user owns${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const repo = foreignRepository();
  afterAll(() => fs.rmSync(repo.dir, { recursive: true, force: true }));

  const ci = workflowWith({
    lint: { steps: [{ name: 'Status', run: 'git status --porcelain\ngit rev-parse --short HEAD' }] },
    tagged: {
      shell: 'bash',
      env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'CI Bot' },
      steps: [{ name: 'Config', run: 'git status --porcelain\ngit config user.name', workingDirectory: '.' }],
    },
  });
  const yaml = ci.toYaml();

  test('the workflow is judge-clean', async () => {
    await expectValidWorkflow(yaml);
  });

  test('git trusts the mounted checkout with the variables the fallback sets', () => {
    const run = runWithFakeDocker(fallbackStep(yaml, 'lint: Status'), { workspace: repo.dir, passThrough: repo.passThrough });
    expect(run.stderr).not.toContain('dubious ownership');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^[0-9a-f]{7,}$/);
  });

  test('without them the same command fails as it would on a runner: git refuses the directory', () => {
    const run = runWithFakeDocker(withoutGitConfig(fallbackStep(yaml, 'lint: Status')), { workspace: repo.dir, passThrough: repo.passThrough });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('detected dubious ownership');
  });

  test('a job that sets GIT_CONFIG_COUNT itself keeps its own entries, and git still trusts the checkout', () => {
    const step = fallbackStep(yaml, 'tagged: Config');
    expect(step.env).toMatchObject({ GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'CI Bot', GIT_CONFIG_KEY_1: 'safe.directory', GIT_CONFIG_VALUE_1: '*' });
    const run = runWithFakeDocker(step, { workspace: repo.dir, passThrough: repo.passThrough });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('CI Bot');
  });
});

describe('how the variables are written', () => {
  test('in the step env and named with -e, never as a value on the command line', () => {
    const step = fallbackStep(workflowWith({ lint: { steps: [{ name: 'Lint', run: 'pre-commit run --all-files' }] } }).toYaml(), 'lint: Lint');
    expect(step.env).toEqual({ GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'safe.directory', GIT_CONFIG_VALUE_0: '*', FORK_CI_SCRIPT: 'pre-commit run --all-files' });
    expect(step.run).toContain(' -e GIT_CONFIG_COUNT -e GIT_CONFIG_KEY_0 -e GIT_CONFIG_VALUE_0 ');
    expect(step.run).not.toMatch(/safe\.directory|GIT_CONFIG_\w+=/);
  });

  test('a step env that adds entries to the job\'s count is merged: the fallback\'s entry goes last', () => {
    const ci = workflowWith({
      unit: { env: { GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: '1' }, steps: [{ name: 'Unit', run: 'make', env: { GIT_CONFIG_KEY_1: 'c.d', GIT_CONFIG_VALUE_1: '2' } }] },
    });
    expect(fallbackStep(ci.toYaml(), 'unit: Unit').env).toEqual({
      GIT_CONFIG_COUNT: '3',
      GIT_CONFIG_KEY_0: 'a.b',
      GIT_CONFIG_VALUE_0: '1',
      GIT_CONFIG_KEY_1: 'c.d',
      GIT_CONFIG_VALUE_1: '2',
      GIT_CONFIG_KEY_2: 'safe.directory',
      GIT_CONFIG_VALUE_2: '*',
      FORK_CI_SCRIPT: 'make',
    });
  });
});

describe('GIT_CONFIG_* the fallback cannot merge', () => {
  const consumers: { [id: string]: Partial<ContainerTestJobProps> } = {
    computed: { env: { GIT_CONFIG_COUNT: '${{ vars.GIT_ENTRIES }}' } },
    dormant: { steps: [{ run: 'make', env: { GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: '1' } }] },
    beyond: { env: { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'a.b', GIT_CONFIG_VALUE_0: '1', GIT_CONFIG_KEY_1: 'c.d' } },
    spelled: { steps: [{ run: 'make', env: { git_config_count: '1' } }] },
  };

  test('are left out with a job-summary line that says why (UnsupportedOnFork.SKIP)', async () => {
    const yaml = workflowWith(consumers, UnsupportedOnFork.SKIP).toYaml();
    const steps = YAML.parse(yaml).jobs.build_fork.steps;
    expect(steps.filter((s: { name: string }) => /^(computed|dormant|beyond|spelled):/.test(s.name))).toEqual([]);
    const why = 'the fallback appends safe.directory=* to git\'s GIT_CONFIG_* entries so that git trusts the mounted checkout';
    expect(steps.find((s: { name: string }) => s.name === 'Job summary').env.SUMMARY.split('\n').slice(1)).toEqual([
      `- computed the whole job: its env sets GIT_CONFIG_COUNT to "\${{ vars.GIT_ENTRIES }}", not a literal number; ${why}, at the index that number gives`,
      `- dormant steps[0]: its env sets GIT_CONFIG_KEY_0 without GIT_CONFIG_COUNT, which git ignores today; ${why}, and its GIT_CONFIG_COUNT would switch it on (set GIT_CONFIG_COUNT too, or remove it)`,
      `- beyond the whole job: its env sets GIT_CONFIG_KEY_1, beyond its GIT_CONFIG_COUNT (1); ${why}, at index 1: remove it or raise GIT_CONFIG_COUNT`,
      `- spelled steps[0]: its env sets git_config_count, which git does not read (it reads GIT_CONFIG_COUNT); ${why}, and one step's env cannot hold both spellings`,
    ]);
    await expectValidWorkflow(yaml);
  });

  test('are refused at synth time, each with its job, with UnsupportedOnFork.ERROR', () => {
    expect(problems(workflowWith(consumers, UnsupportedOnFork.ERROR)).map((p) => p.split(' because ')[0])).toEqual([
      'ci/build: job "computed" the whole job cannot run in the fork fallback',
      'ci/build: job "dormant" steps[0] cannot run in the fork fallback',
      'ci/build: job "beyond" the whole job cannot run in the fork fallback',
      'ci/build: job "spelled" steps[0] cannot run in the fork fallback',
    ]);
  });
});
