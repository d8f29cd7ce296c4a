/**
 * `npm run validate` (scripts/validate.ts) runs the same judge as the tests,
 * outside jest: under ts-node, where GitHub's ESM-only parser has to be loaded
 * through the hooks in scripts/judge-core.ts. Run it for real, in a child process.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

const GPU = `name: gpu
'on':
  push:
    branches: [main]
permissions: {}
jobs:
  build:
    runs-on: [self-hosted, linux, gpu-a100]
    steps:
      - run: echo hi
`;

const GOOD = `name: ok
'on':
  push:
    branches: [main]
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo hi
`;

function validate(args: string[], judges?: string): { status: number | null; stdout: string; stderr: string } {
  // Outside jest, as a user runs it: without jest's marker the script must load the parser itself.
  const env = { ...process.env };
  delete env.JEST_WORKER_ID;
  delete env.PDC_JUDGES;
  if (judges !== undefined) {
    env.PDC_JUDGES = judges;
  }
  const result = spawnSync('npx', ['ts-node', '--project', 'tsconfig.dev.json', 'scripts/validate.ts', ...args], { cwd: ROOT, encoding: 'utf8', env });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run validate (scripts/validate.ts)', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-validate-'));
    const workflows = path.join(dir, 'repo', '.github', 'workflows');
    fs.mkdirSync(workflows, { recursive: true });
    fs.writeFileSync(path.join(workflows, 'good.yml'), GOOD);
    // Two faults, one for each validator to name: a job needing a missing job, and an unknown key.
    fs.writeFileSync(path.join(workflows, 'bad.yaml'), GOOD.replace('    runs-on:', '    needs: [nowhere]\n    bogus-key: 1\n    runs-on:'));
    // Not under .github/workflows: not a workflow, never judged.
    fs.writeFileSync(path.join(dir, 'repo', 'config.yml'), 'not: [a workflow');
    // A repository whose actionlint config names its self-hosted runners' labels.
    const labelled = path.join(dir, 'labelled', '.github');
    fs.mkdirSync(path.join(labelled, 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(labelled, 'actionlint.yaml'), 'self-hosted-runner:\n  labels: [gpu-*]\n');
    fs.writeFileSync(path.join(labelled, 'workflows', 'gpu.yml'), GPU);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('judges every workflow of a repository plus a file given by path, prints the findings of the bad one and exits 1', () => {
    const standalone = path.join(dir, 'standalone.yaml');
    fs.writeFileSync(standalone, GOOD);
    const { status, stdout } = validate([path.join(dir, 'repo'), standalone]);
    expect(stdout).toMatch(/^ok {6}.*good\.yml$/m);
    expect(stdout).toMatch(/^ok {6}.*standalone\.yaml$/m);
    expect(stdout).toMatch(/^FAILED {2}.*bad\.yaml: \d+ finding\(s\)$/m);
    expect(stdout).toMatch(/workflow-parser.*bogus-key/);
    expect(stdout).toMatch(/actionlint-1\.7\.12.*nowhere/);
    expect(stdout).not.toContain('config.yml');
    expect(stdout).toContain('2 valid, 1 with findings (workflow-parser, actionlint, zizmor, action-facts)');
    expect(status).toBe(1);
  }, 120_000);

  test('runs zizmor too: an action not pinned by SHA is reported', () => {
    const unpinned = path.join(dir, 'unpinned.yml');
    fs.writeFileSync(unpinned, GOOD.replace('      - run: echo hi', '      - uses: actions/checkout@v6\n        with:\n          persist-credentials: false'));
    const { status, stdout } = validate([unpinned]);
    expect(stdout).toMatch(/^ {2}zizmor:\d+ \[unpinned-uses\] unpinned action reference/m);
    expect(status).toBe(1);
  }, 120_000);

  test('takes actionlint\'s config from the judged repository\'s .github/actionlint.yaml, or from --config', () => {
    const inRepository = validate([path.join(dir, 'labelled')]);
    expect(inRepository.stdout).toMatch(/^ok {6}.*gpu\.yml$/m);
    expect(inRepository.status).toBe(0);
    // The same workflow outside that repository: the label is unknown...
    const standalone = path.join(dir, 'gpu.yml');
    fs.writeFileSync(standalone, GPU);
    const alone = validate([standalone]);
    expect(alone.stdout).toMatch(/actionlint-1\.7\.12:8 \[runner-label\] label "gpu-a100" is unknown/);
    expect(alone.status).toBe(1);
    // ...unless --config names a config that lists it.
    const configured = validate(['--config', path.join(dir, 'labelled', '.github', 'actionlint.yaml'), standalone]);
    expect(configured.stdout).toMatch(/^ok {6}.*gpu\.yml$/m);
    expect(configured.status).toBe(0);
    const missing = validate(['--config', path.join(dir, 'nowhere.yaml'), standalone]);
    expect(missing.stderr).toContain('--config needs an actionlint config file');
    expect(missing.status).toBe(2);
  }, 120_000);

  test('exits 2 when there is nothing to judge', () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    const { status, stderr } = validate([empty]);
    expect(stderr).toContain('no workflow files found');
    expect(status).toBe(2);
  }, 120_000);

  test('with no arguments judges the committed examples, which pass the tests\' judges (PDC_JUDGES=default)', () => {
    const { status, stdout } = validate([], 'default');
    expect(stdout).toMatch(/^ok {6}examples\/seed\/\.github\/workflows\/ci\.yml$/m);
    expect(status).toBe(0);
  }, 120_000);
});
