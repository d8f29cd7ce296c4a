import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatFindings, judgeWorkflow, judgeWorkflows } from './judge';
import { ALL_JUDGES, DEFAULT_JUDGES, JudgeName, judgesFromEnv } from '../../scripts/judge-core';

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

/**
 * VALID with its one action pinned by commit SHA (actions/checkout v7.0.1, the pin in
 * src/actions/action-table.ts) and without persisted credentials: what zizmor asks for.
 */
const CLEAN = VALID.replace('      - uses: actions/checkout@v5\n', '      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n        with:\n          persist-credentials: false\n');

const DEFAULT = { judges: DEFAULT_JUDGES };
/** GitHub's parser and actionlint: what the tests of those two judges consult (zizmor has its own below). */
const LINTERS = { judges: ['workflow-parser', 'actionlint'] as JudgeName[] };
const ALL = { judges: ALL_JUDGES };

describe('the judge (GitHub workflow parser + actionlint 1.7.12; zizmor and action-facts below)', () => {
  test('accepts a minimal valid workflow with zero findings', async () => {
    expect(await judgeWorkflow(VALID, 'workflow.yml', LINTERS)).toEqual([]);
    expect(await judgeWorkflow(CLEAN, 'workflow.yml', LINTERS)).toEqual([]);
  });

  test('a clean workflow (pinned by SHA, no persisted credentials) passes every judge, zizmor included', async () => {
    expect(await judgeWorkflow(CLEAN, 'workflow.yml', ALL)).toEqual([]);
  });

  test('reports an unknown job key (both validators)', async () => {
    const findings = await judgeWorkflow(VALID.replace('runs-on: ubuntu-latest', 'runs-on: ubuntu-latest\n    bogus-key: 1'));
    expect(findings.some((f) => f.source === 'workflow-parser' && /bogus-key/.test(f.message))).toBe(true);
    expect(findings.some((f) => f.source === 'actionlint-1.7.12' && /bogus-key/.test(f.message))).toBe(true);
  });

  test('reports `needs` on a job that does not exist', async () => {
    const findings = await judgeWorkflow(`${VALID}  test:\n    needs: [missing]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n`);
    expect(findings.some((f) => f.source === 'workflow-parser' && /missing/.test(f.message))).toBe(true);
    expect(findings.some((f) => f.source === 'actionlint-1.7.12' && /missing/.test(f.message))).toBe(true);
  });

  test('reports an untrusted expression interpolated into run:', async () => {
    const findings = await judgeWorkflow(VALID.replace('run: echo hi', 'run: echo "${{ github.event.pull_request.title }}"'));
    expect(findings.some((f) => f.kind === 'expression' && /untrusted/.test(f.message))).toBe(true);
  });

  test('treats ${{ github.sha }} and ${{ github.ref }} in run: as trusted (the fuzzer writes them), github.head_ref as untrusted', async () => {
    expect(await judgeWorkflow(VALID.replace('run: echo hi', 'run: echo "${{ github.sha }} ${{ github.ref }}"'), 'workflow.yml', LINTERS)).toEqual([]);
    const findings = await judgeWorkflow(VALID.replace('run: echo hi', 'run: echo "${{ github.head_ref }}"'));
    expect(findings.some((f) => f.kind === 'expression' && /github\.head_ref.*untrusted/.test(f.message))).toBe(true);
  });

  test('reports an input that actions/checkout@v6 does not declare (actionlint 1.7.12 knows the inputs of current majors)', async () => {
    const findings = await judgeWorkflow(VALID.replace('      - uses: actions/checkout@v5', '      - uses: actions/checkout@v6\n        with:\n          fetch-dept: 0'), 'workflow.yml', LINTERS);
    expect(findings.map((f) => `${f.source}:${f.line} ${f.kind}`)).toEqual(['actionlint-1.7.12:14 action']);
    expect(findings[0].message).toMatch(/^input "fetch-dept" is not defined in action "actions\/checkout@v6"/);
  });

  test('reports a context that is not available where it is used (env in container.image)', async () => {
    const findings = await judgeWorkflow(VALID.replace('    steps:', '    container:\n      image: ${{ env.IMAGE }}\n    steps:'));
    expect(findings.some((f) => f.source === 'workflow-parser' && /Unrecognized named-value: 'env'/.test(f.message))).toBe(true);
  });

  test('reports an invalid permission value', async () => {
    const findings = await judgeWorkflow(VALID.replace('contents: read', 'contents: writ'));
    expect(findings.some((f) => f.source === 'workflow-parser' && /writ/.test(f.message))).toBe(true);
    expect(findings.some((f) => f.source === 'actionlint-1.7.12' && f.kind === 'permissions')).toBe(true);
  });

  test('merge_group with branches passes; GitHub\'s parser still checks merge_group', async () => {
    const mergeGroup = (filters: string) => VALID.replace("'on':\n", `'on':\n  merge_group:\n${filters}`);
    expect(await judgeWorkflow(mergeGroup('    branches: [main]\n'), 'workflow.yml', LINTERS)).toEqual([]);
    const findings = await judgeWorkflow(mergeGroup('    tags: [v1]\n'));
    expect(findings.some((f) => f.source === 'workflow-parser' && /tags/.test(f.message))).toBe(true);
  });

  test('current runner labels pass; an unknown one is reported', async () => {
    for (const label of ['ubuntu-24.04', 'ubuntu-24.04-arm', 'windows-11-arm', 'macos-15']) {
      expect(await judgeWorkflow(VALID.replace('runs-on: ubuntu-latest', `runs-on: ${label}`), 'workflow.yml', LINTERS)).toEqual([]);
    }
    const findings = await judgeWorkflow(VALID.replace('runs-on: ubuntu-latest', 'runs-on: ubunty-latest'));
    expect(findings.some((f) => f.source === 'actionlint-1.7.12' && f.kind === 'runner-label' && /ubunty-latest/.test(f.message))).toBe(true);
  });

  test('a self-hosted runner label of its own is reported unless actionlint\'s config lists it', async () => {
    const custom = VALID.replace('runs-on: ubuntu-latest', 'runs-on: [self-hosted, linux, gpu-a100]');
    const findings = await judgeWorkflow(custom, 'workflow.yml', LINTERS);
    expect(findings.map((f) => `${f.source} ${f.kind}`)).toEqual(['actionlint-1.7.12 runner-label']);
    expect(findings[0].message).toMatch(/^label "gpu-a100" is unknown/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-judge-config-'));
    try {
      const config = path.join(dir, 'actionlint.yaml');
      fs.writeFileSync(config, 'self-hosted-runner:\n  labels: [gpu-*]\n');
      expect(await judgeWorkflow(custom, 'workflow.yml', { ...LINTERS, actionlintConfig: config })).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the attestations and models scopes pass; their levels and a misspelt scope are still checked', async () => {
    expect(await judgeWorkflow(VALID.replace('contents: read', 'contents: read\n      attestations: write\n      models: read'), 'workflow.yml', LINTERS)).toEqual([]);
    const badLevel = await judgeWorkflow(VALID.replace('contents: read', 'contents: read\n      models: write'));
    expect(badLevel.some((f) => f.source === 'workflow-parser' && /write/.test(f.message))).toBe(true);
    expect(badLevel.some((f) => f.source === 'actionlint-1.7.12' && f.kind === 'permissions' && /"write" is invalid as permission of scope "models"/.test(f.message))).toBe(true);
    const typo = await judgeWorkflow(VALID.replace('contents: read', 'contents: read\n      attestation: write'));
    expect(typo.some((f) => f.kind === 'permissions' && /attestation"/.test(f.message))).toBe(true);
  });

  test('runs-on: { group, labels } passes; the mapping\'s keys, its labels and the rest of the job are still checked', async () => {
    const grouped = (runsOn: string) => VALID.replace('runs-on: ubuntu-latest', `runs-on:\n${runsOn}`);
    expect(await judgeWorkflow(grouped('      group: larger-runners\n      labels: [self-hosted, linux]'), 'workflow.yml', LINTERS)).toEqual([]);
    expect(await judgeWorkflow(grouped('      group: larger-runners'), 'workflow.yml', LINTERS)).toEqual([]);
    const unknownLabel = await judgeWorkflow(grouped('      group: larger-runners\n      labels: [ubunty-latest]'));
    expect(unknownLabel.some((f) => f.source === 'actionlint-1.7.12' && f.kind === 'runner-label' && /ubunty-latest/.test(f.message))).toBe(true);
    const badKey = await judgeWorkflow(grouped('      grp: larger-runners'));
    expect(badKey.some((f) => f.source === 'workflow-parser' && /Unexpected value 'grp'/.test(f.message))).toBe(true);
    const emptyGroup = await judgeWorkflow(grouped("      group: ''"));
    expect(emptyGroup.some((f) => f.source === 'workflow-parser')).toBe(true);
    const rest = await judgeWorkflow(grouped('      group: g').replace('echo hi', 'echo "${{ github.head_ref }}"'));
    expect(rest.some((f) => f.source === 'actionlint-1.7.12' && f.kind === 'expression' && /untrusted/.test(f.message))).toBe(true);
  });

  test('workflow_dispatch inputs of type number pass; another type is reported', async () => {
    const dispatch = (type: string) => VALID.replace("'on':\n  push:\n    branches: [main]", `'on':\n  workflow_dispatch:\n    inputs:\n      n:\n        type: ${type}\n        default: 4`);
    expect(await judgeWorkflow(dispatch('number'), 'workflow.yml', LINTERS)).toEqual([]);
    const odd = await judgeWorkflow(dispatch('date'));
    expect(odd.some((f) => f.source === 'workflow-parser')).toBe(true);
    expect(odd.some((f) => f.source === 'actionlint-1.7.12' && /got "date"/.test(f.message))).toBe(true);
  });

  test('the hand-written seed workflow: actionlint 1.7.12 reports its five action majors whose runtime GitHub no longer runs; its other flaws are semantic, which is why the library exists', async () => {
    const seed = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'seed-workflow.yml'), 'utf8');
    const findings = await judgeWorkflow(seed, 'workflow.yml', LINTERS);
    expect(findings.map((f) => `${f.source}:${f.line} ${f.message.replace(/ action is too old.*/, '')}`)).toEqual([
      'actionlint-1.7.12:14 the runner of "actions/checkout@v2"',
      'actionlint-1.7.12:17 the runner of "docker/setup-buildx-action@v1"',
      'actionlint-1.7.12:20 the runner of "docker/login-action@v1"',
      'actionlint-1.7.12:27 the runner of "docker/build-push-action@v2"',
      'actionlint-1.7.12:46 the runner of "actions/checkout@v2"',
    ]);
  });
});

/** Two jobs: a build whose output names the image, and a job running in it (the library's hand-off shape). */
function containerJob(imageLine: string, containerLine = '    container:'): string {
  return CLEAN.replace('jobs:\n', `jobs:
  app:
    runs-on: ubuntu-latest
    outputs:
      image: ghcr.io/o/app
    steps:
      - run: echo build
  test:
    needs: [app]
    runs-on: ubuntu-latest
${containerLine}
${imageLine}
    steps:
      - run: echo test
`);
}

describe('zizmor (1.32.0, offline audits, default persona)', () => {
  test('reports an action not pinned by SHA (unpinned-uses) and persisted checkout credentials (artipacked), at the uses: line', async () => {
    const findings = await judgeWorkflow(VALID, 'workflow.yml', ALL);
    expect(findings.map((f) => `${f.source}:${f.line} ${f.kind}`).sort()).toEqual(['zizmor:12 artipacked', 'zizmor:12 unpinned-uses']);
    expect(findings.find((f) => f.kind === 'unpinned-uses')!.message).toBe('unpinned action reference: action is not pinned to a hash (required by blanket policy)');
  });

  test('is consulted by default, and only the judges selected run', async () => {
    expect(DEFAULT_JUDGES).toContain('zizmor');
    expect((await judgeWorkflow(VALID, 'workflow.yml', DEFAULT)).map((f) => f.source)).toEqual(['zizmor', 'zizmor']);
    expect(await judgeWorkflow(VALID, 'workflow.yml', { judges: ['workflow-parser', 'actionlint'] })).toEqual([]);
  });
});

describe('action-facts (the inputs and outputs of the library\'s actions at their pins)', () => {
  test('reports an input a table action does not declare, and is part of the default judges', async () => {
    const bogus = CLEAN.replace('          persist-credentials: false\n', '          persist-credentials: false\n          fetch-deepth: 0\n');
    const findings = await judgeWorkflow(bogus, 'workflow.yml', DEFAULT);
    expect(findings.map((f) => `${f.source} ${f.kind}`)).toContain('action-facts unknown-input');
    expect(await judgeWorkflow(bogus, 'workflow.yml', { judges: ['action-facts'] })).toHaveLength(findings.filter((f) => f.source === 'action-facts').length);
    expect(await judgeWorkflow(CLEAN, 'workflow.yml', { judges: ['action-facts'] })).toEqual([]);
  });

  test('a container image from a job output is unpinned-images; "# zizmor: ignore[unpinned-images]" suppresses it only at the end of the image: line', async () => {
    const image = '      image: ${{ needs.app.outputs.image }}';
    const unpinned = await judgeWorkflow(containerJob(image), 'workflow.yml', ALL);
    expect(unpinned.map((f) => `${f.source}:${f.line} ${f.kind}`)).toEqual(['zizmor:17 unpinned-images']);
    expect(await judgeWorkflow(containerJob(`${image} # zizmor: ignore[unpinned-images]`), 'workflow.yml', ALL)).toEqual([]);
    // Text after the closing bracket is allowed; the comment must start with "# zizmor: ignore[".
    expect(await judgeWorkflow(containerJob(`${image} # zizmor: ignore[unpinned-images] pinned by digest at run time`), 'workflow.yml', ALL)).toEqual([]);
    for (const misplaced of [
      containerJob(image, '    container: # zizmor: ignore[unpinned-images]'),
      containerJob(image, '    container:\n      # zizmor: ignore[unpinned-images]'),
      containerJob(`${image} # pinned; zizmor: ignore[unpinned-images]`),
      containerJob(`${image} #zizmor: ignore[unpinned-images]`),
    ]) {
      expect((await judgeWorkflow(misplaced, 'workflow.yml', ALL)).map((f) => f.kind)).toEqual(['unpinned-images']);
    }
  });

  test('a workflow zizmor cannot load is a finding (not-audited), not a silent pass', async () => {
    // runs-on: a mapping with neither group nor labels: valid to zizmor's schema, refused by its model, which aborts its run.
    const findings = await judgeWorkflow(VALID.replace('runs-on: ubuntu-latest', 'runs-on:\n      labels: []'), 'workflow.yml', ALL);
    expect(findings.some((f) => f.source === 'zizmor' && f.kind === 'not-audited')).toBe(true);
    // A type zizmor's schema refuses: skipped with a warning.
    const skipped = await judgeWorkflow(VALID.replace('contents: read', 'contents: writ'), 'workflow.yml', { judges: ['zizmor'] });
    expect(skipped.map((f) => f.kind)).toEqual(['not-audited']);
  });
});

describe('judgeWorkflows: many texts, one zizmor and one actionlint process', () => {
  test('gives each text its own findings, in order, even when the names are the same and one text aborts zizmor', async () => {
    const texts = [
      VALID,
      CLEAN,
      VALID.replace('runs-on: ubuntu-latest', 'runs-on:\n      labels: []'),
      VALID.replace('runs-on: ubuntu-latest', 'runs-on: ubunty-latest'),
    ];
    const batch = await judgeWorkflows(texts.map((text) => ({ text, fileName: 'ci.yml' })), ALL);
    const single = [];
    for (const text of texts) {
      single.push(await judgeWorkflow(text, 'ci.yml', ALL));
    }
    expect(batch).toEqual(single);
    expect(batch[1]).toEqual([]);
    expect(batch[2].some((f) => f.kind === 'not-audited')).toBe(true);
    expect(batch[3].some((f) => f.kind === 'runner-label')).toBe(true);
    expect(formatFindings(batch[0])).toContain('zizmor:12 [unpinned-uses]');
  });
});

describe('PDC_JUDGES', () => {
  test('unset, empty, "default" or "all": every judge; or a list', () => {
    const every = ['workflow-parser', 'actionlint', 'zizmor', 'action-facts'];
    expect(judgesFromEnv(undefined)).toEqual(every);
    expect(judgesFromEnv('')).toEqual(every);
    expect(judgesFromEnv('default')).toEqual(every);
    expect(judgesFromEnv('all')).toEqual(every);
    expect(judgesFromEnv('zizmor, workflow-parser')).toEqual(['zizmor', 'workflow-parser']);
  });

  test('an unknown name is refused with the valid ones', () => {
    expect(() => judgesFromEnv('zizmor,actionlint-1.6')).toThrow('PDC_JUDGES: unknown judge "actionlint-1.6"; use "all", "default" or a comma-separated list of workflow-parser, actionlint, zizmor, action-facts');
  });
});
