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

function validate(args: string[]): { status: number | null; stdout: string; stderr: string } {
  // Outside jest, as a user runs it: without jest's marker the script must load the parser itself.
  const env = { ...process.env };
  delete env.JEST_WORKER_ID;
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
    expect(stdout).toMatch(/actionlint.*nowhere/);
    expect(stdout).not.toContain('config.yml');
    expect(stdout).toContain('2 valid, 1 with findings');
    expect(status).toBe(1);
  }, 120_000);

  test('exits 2 when there is nothing to judge', () => {
    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    const { status, stderr } = validate([empty]);
    expect(stderr).toContain('no workflow files found');
    expect(status).toBe(2);
  }, 120_000);

  test('with no arguments judges the committed examples and passes', () => {
    const { status, stdout } = validate([]);
    expect(stdout).toMatch(/^ok {6}examples\/seed\/\.github\/workflows\/ci\.yml$/m);
    expect(status).toBe(0);
  }, 120_000);
});
