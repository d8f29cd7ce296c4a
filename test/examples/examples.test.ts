/**
 * The committed examples are what users read first: each must be what its
 * `.projenrc.ts` synthesizes today (not stale) and pass the judge.
 * Regenerate with `npm run example -- examples/<name>`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { expectValidWorkflow } from '../support/judge';

const ROOT = path.resolve(__dirname, '..', '..');
/** `examples/<name>` and the real-world corpus, `examples/realworld/<case>`. */
const EXAMPLES = ['', 'realworld/'].flatMap((prefix) => {
  const dir = path.join(ROOT, 'examples', prefix);
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => `${prefix}${name}`).filter((name) => fs.existsSync(path.join(ROOT, 'examples', name, '.projenrc.ts'))) : [];
}).sort();

function workflowsOf(dir: string): { [file: string]: string } {
  const workflows = path.join(dir, '.github', 'workflows');
  const result: { [file: string]: string } = {};
  for (const file of fs.existsSync(workflows) ? fs.readdirSync(workflows).sort() : []) {
    result[file] = fs.readFileSync(path.join(workflows, file), 'utf8');
  }
  return result;
}

describe.each(EXAMPLES)('examples/%s', (name) => {
  const committedDir = path.join(ROOT, 'examples', name);
  const committed = workflowsOf(committedDir);

  test('has at least one committed workflow, and each passes the judge (diagrams beside them are compared, not judged)', async () => {
    const workflows = Object.entries(committed).filter(([file]) => /\.ya?ml$/.test(file));
    expect(workflows.length).toBeGreaterThan(0);
    for (const [file, text] of workflows) {
      await expectValidWorkflow(text, file);
    }
  });

  test('is not stale: synthesizing its .projenrc.ts again gives the committed bytes', () => {
    // Inside the repository, so the example resolves projen and constructs from our node_modules.
    fs.mkdirSync(path.join(ROOT, 'test-reports'), { recursive: true });
    const copy = fs.mkdtempSync(path.join(ROOT, 'test-reports', `example-${name.replace(/\//g, '-')}-`));
    fs.cpSync(committedDir, copy, { recursive: true });
    // Delete the copied workflows, so only a fresh synthesis can bring them back.
    fs.rmSync(path.join(copy, '.github', 'workflows'), { recursive: true, force: true });
    // Without jest's NODE_ENV=test: under it projen writes to a temporary directory instead of the project.
    const { NODE_ENV: _jestNodeEnv, ...env } = process.env;
    const output = execFileSync('npx', ['ts-node', '--project', 'tsconfig.dev.json', 'scripts/run-example.ts', copy], {
      cwd: ROOT, encoding: 'utf8', env: { ...env, PROJEN_DISABLE_POST: 'true' },
    });
    try {
      expect(output).toContain(`-> ${path.join(copy, '.github', 'workflows')}`);
      expect(workflowsOf(copy)).toEqual(committed);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  }, 120_000);
});

/** The parts of a committed job these tests read. */
interface CommittedJob {
  readonly container?: { image: string };
  readonly services?: { [name: string]: { image: string } };
  readonly if?: string;
  readonly steps: { id?: string }[];
}

/** The jobs of an example's committed ci.yml. */
function jobsOf(name: string): { [id: string]: CommittedJob } {
  return YAML.parse(workflowsOf(path.join(ROOT, 'examples', name))['ci.yml']).jobs;
}

describe('what each example shows', () => {
  test('examples/seed: one build, one container job in its image, the fork fallback and the result job', () => {
    const jobs = jobsOf('seed');
    expect(Object.keys(jobs)).toEqual(['build_docker', 'lint_and_test', 'build_docker_fork', 'result']);
    expect(jobs.lint_and_test.container?.image).toBe('${{ needs.build_docker.outputs.image }}');
  });

  test('examples/promotion: the release job tags the digest unit and e2e ran, after both passed, never on pull requests', () => {
    const jobs = jobsOf('promotion') as { [id: string]: CommittedJob & { needs?: string[] } };
    expect(jobs.unit.container?.image).toBe('${{ needs.build.outputs.image }}');
    expect(jobs.e2e.services?.api?.image).toBe('${{ needs.build.outputs.image }}');
    expect(jobs.release.needs).toEqual(['build', 'unit', 'e2e']);
    expect(jobs.release.if).toBe("(github.event_name != 'pull_request' && github.event_name != 'pull_request_target' && github.event_name != 'merge_group') && " +
      "needs.build.outputs.image != '' && needs.unit.result == 'success' && needs.e2e.result == 'success'");
  });

  test('examples/housekeeping: a scheduled clean-up of the per-commit versions the CI build pushes, never on pull requests', () => {
    const workflows = workflowsOf(path.join(ROOT, 'examples', 'housekeeping'));
    const build = YAML.parse(workflows['ci.yml']).jobs.build.steps.find((s: { id?: string }) => s.id === 'build').with;
    expect(build.platforms).toBe('linux/amd64,linux/arm64');
    const housekeeping = YAML.parse(workflows['housekeeping.yml']);
    expect(housekeeping.on).toEqual({ workflow_dispatch: {}, schedule: [{ cron: '17 4 * * 1' }] });
    const cleanup = housekeeping.jobs.cleanup;
    expect(cleanup.permissions).toEqual({ packages: 'write' });
    expect(cleanup.if).toContain("github.event_name != 'pull_request' && github.event_name != 'pull_request_target'");
    expect(cleanup.steps[1].env).toMatchObject({ IMAGE: 'ghcr.io/acme/api', KEEP_LATEST: '20', OLDER_THAN_DAYS: '30', DRY_RUN: 'false' });
    expect(build.tags.split('\n')[0]).toBe('ghcr.io/acme/api:${{ github.sha }}');
  });

  test('examples/monorepo: two images, three container jobs, one beside a health-checked Postgres service', () => {
    const jobs = jobsOf('monorepo');
    const builds = Object.keys(jobs).filter((id) => !id.endsWith('_fork') && jobs[id].steps.some((s) => s.id === 'build'));
    const consumers = Object.keys(jobs).filter((id) => jobs[id].container !== undefined);
    expect(builds).toEqual(['build_api', 'build_web']);
    expect(consumers).toHaveLength(3);
    expect(new Set(consumers.map((id) => jobs[id].container!.image))).toEqual(new Set([
      '${{ needs.build_api.outputs.image }}', '${{ needs.build_web.outputs.image }}',
    ]));
    const withPostgres = consumers.filter((id) => jobs[id].services?.postgres?.image.startsWith('postgres:'));
    expect(withPostgres).toEqual(['api_test']);
    expect(JSON.stringify(jobs.api_test.services)).toContain('--health-cmd pg_isready');
  });

  test('examples/image-builds: native multi-platform build with provenance and semver tags; Docker Hub with a registry cache, target, args, a secret, own tags and mirrors', () => {
    const text = workflowsOf(path.join(ROOT, 'examples', 'image-builds'))['ci.yml'];
    const jobs = YAML.parse(text).jobs;
    // One leg per platform on its own runner, merged by the build job, which attests the list.
    expect(jobs.app_platforms.strategy.matrix.include.map((leg: { runner: string }) => leg.runner)).toEqual(['ubuntu-24.04', 'ubuntu-24.04-arm']);
    expect(jobs.app.needs).toEqual(['app_platforms']);
    expect(jobs.app.permissions).toEqual({ 'attestations': 'write', 'id-token': 'write', 'packages': 'write' });
    const appSteps = jobs.app.steps.map((s: { name: string }) => s.name);
    expect(appSteps).toEqual(expect.arrayContaining(['Image tags and labels', 'Create the manifest list', 'Attest build provenance']));
    // Docker Hub: its own login and container credentials.
    const tools = jobs.tools.steps.find((s: { id?: string }) => s.id === 'build').with;
    expect(tools).toMatchObject({ 'target': 'ci', 'build-args': 'NODE_VERSION=22', 'secret-envs': 'npm_token=BUILD_SECRET_NPM_TOKEN' });
    // The workflow also runs on release tags, which build from scratch: every cache line is gated.
    const notATag = (line: string) => `\${{ (!startsWith(github.ref, 'refs/tags/')) && '${line}' || '' }}`;
    expect(tools['cache-from']).toBe(`${notATag('type=registry,ref=acme/shop-tools:buildcache')}\n${notATag('type=registry,ref=acme/shop-base:buildcache')}`);
    expect(tools['cache-to']).toContain("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    // Mirrored to GHCR (packages: write) and ECR (OIDC: id-token: write), each name with the same tags.
    expect(jobs.tools.permissions).toEqual({ 'contents': 'read', 'id-token': 'write', 'packages': 'write' });
    expect(tools.tags.split('\n')).toEqual([
      'acme/shop-tools:${{ github.sha }}', 'ghcr.io/acme/shop-tools:${{ github.sha }}',
      '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-tools:${{ github.sha }}', '${{ steps.meta.outputs.tags }}',
    ]);
    expect(jobs.tools.steps.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining([
      'Log in to Docker Hub', 'Log in to ghcr.io', 'AWS credentials for 123456789012.dkr.ecr.eu-west-1.amazonaws.com', 'Log in to 123456789012.dkr.ecr.eu-west-1.amazonaws.com',
    ]));
    // The lint job still runs the Docker Hub image by digest.
    expect(jobs.tools.outputs.image).toContain("format('{0}@{1}', 'acme/shop-tools', steps.build.outputs.digest)");
    expect(jobs.lint.container.credentials).toEqual({ username: '${{ secrets.DOCKERHUB_USERNAME }}', password: '${{ secrets.DOCKERHUB_TOKEN }}' });
    // The fork fallback of the tools image builds without the secret.
    expect(JSON.stringify(jobs.tools_fork)).not.toMatch(/secret/i);
    expect(jobs.test_arm64['runs-on']).toBe('ubuntu-24.04-arm');
  });

  test('examples/artifact-handoff: the unit and e2e jobs load the archive of this run on every event; the registry gets the default branch only', () => {
    const jobs = YAML.parse(workflowsOf(path.join(ROOT, 'examples', 'artifact-handoff'))['ci.yml']).jobs;
    for (const id of ['unit', 'e2e']) {
      expect(jobs[id].needs).toEqual(['build']);
      expect(jobs[id].if).toBe("needs.build.outputs.archive != ''");
      expect(jobs[id].permissions).toEqual({ contents: 'read' });
      expect(jobs[id].steps[0].uses).toMatch(/^actions\/download-artifact@[0-9a-f]{40}$/);
    }
    expect(jobs.e2e.env).toEqual({ APP_IMAGE: '${{ needs.build.outputs.archive }}' });
    const build = jobs.build.steps.find((s: { id?: string }) => s.id === 'build');
    expect(build.if).toContain("github.ref == format('refs/heads/{0}', github.event.repository.default_branch)");
    const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'examples', 'artifact-handoff', 'compose.ci.yml'), 'utf8'));
    expect(compose.services.app.image).toMatch(/^\$\{APP_IMAGE:\?/);
    // No container job, so no fork fallback: the archive already reaches forks' pull requests.
    expect(Object.keys(jobs).filter((id) => id.endsWith('_fork'))).toEqual([]);
  });

  test('examples/runner-images: e2e with docker compose and kind on the runner, each pulling the digests this run pushed, skipped when nothing was pushed', () => {
    const jobs = YAML.parse(workflowsOf(path.join(ROOT, 'examples', 'runner-images'))['ci.yml']).jobs;
    expect(jobs.e2e.needs).toEqual(['build_app', 'build_worker']);
    expect(jobs.e2e.if).toBe("needs.build_app.outputs.image != '' && needs.build_worker.outputs.image != ''");
    expect(jobs.e2e.env).toEqual({ APP_IMAGE: '${{ needs.build_app.outputs.image }}', WORKER_IMAGE: '${{ needs.build_worker.outputs.image }}' });
    expect(jobs.kind.env).toEqual({ IMAGE: '${{ needs.build_app.outputs.image }}' });
    expect(jobs.kind.steps[1].run).toBe('docker pull "$IMAGE"\ndocker tag "$IMAGE" shop:ci');
    // The compose file of the example reads the variables the job sets.
    const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'examples', 'runner-images', 'compose.ci.yml'), 'utf8'));
    expect(compose.services.app.image).toMatch(/^\$\{APP_IMAGE:\?/);
    expect(compose.services.worker.image).toMatch(/^\$\{WORKER_IMAGE:\?/);
    // Nothing to replay on forks: no container job, so no fork fallback.
    expect(Object.keys(jobs).filter((id) => id.endsWith('_fork'))).toEqual([]);
  });
});
