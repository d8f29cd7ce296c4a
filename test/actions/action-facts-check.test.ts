/**
 * The action-facts check (scripts/action-facts-check.ts) on hand-made
 * workflows: each kind of mistake is found, with its line, and a clean
 * workflow passes.
 */
import { actionFactsFindings } from '../../scripts/action-facts-check';

/** A workflow with one job `build` whose steps are `steps` (YAML, indented for the job's step list). */
function workflow(steps: string, jobExtra = ''): string {
  return [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    ...(jobExtra ? [jobExtra] : []),
    '    steps:',
    steps,
  ].join('\n') + '\n';
}

const CLEAN = workflow([
  '      - uses: actions/checkout@v7',
  '        with:',
  '          persist-credentials: false',
  '      - id: meta',
  '        uses: docker/metadata-action@dc802804100637a589fabce1cb79ff13a1411302 # v6.2.0',
  '        with:',
  '          images: ghcr.io/acme/app',
  '      - id: build',
  '        uses: docker/build-push-action@v7',
  '        with:',
  '          context: .',
  '          tags: ${{ steps.meta.outputs.tags }}',
  '      - uses: actions/cache/restore@v5',
  '        with: { path: /tmp/cache, key: k }',
  '      - uses: actions/upload-artifact@main',
  '        if: steps.build.outputs.digest != \'\'',
  '        with:',
  '          path: out/',
  '      - run: echo "${{ steps.build.outputs.digest }}"',
].join('\n'), '    outputs:\n      digest: ${{ steps.build.outputs.digest }}');

describe('actionFactsFindings', () => {
  test('a clean workflow (majors, a SHA, a branch; outputs read in with, if, run and job outputs) has no findings', () => {
    expect(actionFactsFindings(CLEAN)).toEqual([]);
  });

  test('an input the action does not declare is reported at its key, whatever the ref', () => {
    for (const ref of ['v4', '4907a6ddec9925e35a0a9e82d7399ccc52663121', 'my-branch']) {
      const text = workflow(['      - uses: docker/login-action@' + ref, '        with:', '          registry: ghcr.io', '          user: me'].join('\n'));
      expect(actionFactsFindings(text)).toEqual([{
        source: 'action-facts',
        kind: 'unknown-input',
        line: 9,
        message: `jobs.build.steps[0] (docker/login-action@${ref}): input "user" is not declared by docker/login-action v4.1.0; ` +
          'its inputs are registry, username, password, ecr, scope, logout, registry-auth. Remove it or use one of those names.',
      }]);
    }
  });

  test('a missing required input is reported at the uses line, also when there is no with: at all', () => {
    const text = workflow([
      '      - uses: actions/cache/save@v5',
      '        with:',
      '          path: /tmp/cache',
      '      - uses: actions/upload-artifact@v7',
    ].join('\n'));
    expect(actionFactsFindings(text)).toEqual([
      {
        source: 'action-facts',
        kind: 'missing-input',
        line: 6,
        message: 'jobs.build.steps[0] (actions/cache/save@v5): required input "key" is missing (actions/cache/save v5.0.5 requires it and has no default). Add it under with:.',
      },
      {
        source: 'action-facts',
        kind: 'missing-input',
        line: 9,
        message: 'jobs.build.steps[1] (actions/upload-artifact@v7): required input "path" is missing (actions/upload-artifact v7.0.0 requires it and has no default). Add it under with:.',
      },
    ]);
  });

  test('a required input with a default (metadata-action context, github-token) is not asked for', () => {
    expect(actionFactsFindings(workflow('      - uses: docker/metadata-action@v6'))).toEqual([]);
  });

  test.each([
    ['with', '      - uses: actions/checkout@v7\n        with:\n          ref: ${{ steps.build.outputs.image }}'],
    ['env', '      - run: echo "$X"\n        env:\n          X: ${{ steps.build.outputs.image }}'],
    ['run', '      - run: |\n          echo start\n          echo "${{ steps.build.outputs.image }}"'],
    ['if (bare)', '      - run: echo\n        if: steps.build.outputs.image != \'\''],
    ['if (in ${{ }})', '      - run: echo\n        if: ${{ steps.build.outputs.image != \'\' }}'],
    ['index syntax', '      - run: echo "${{ steps[\'build\'].outputs[\'image\'] }}"'],
  ])('an output the action does not declare is reported when read in %s', (_where, reader) => {
    const text = workflow(['      - id: build', '        uses: docker/build-push-action@v7', reader].join('\n'));
    const findings = actionFactsFindings(text);
    expect(findings.map((f) => f.kind)).toEqual(['unknown-output']);
    expect(findings[0].message).toMatch(/^jobs\.build: steps(\.build|\['build'\])\.outputs(\.image|\['image'\]) is read, but step "build" \(docker\/build-push-action@v7\) has no output "image" in docker\/build-push-action v7\.3\.0 \(its outputs are imageid, digest, metadata\); it would read as ''\.$/);
  });

  test('a read in the job outputs is reported at its line; an action without outputs says so', () => {
    const text = workflow('      - id: login\n        uses: docker/login-action@v4', '    outputs:\n      who: ${{ steps.login.outputs.username }}');
    expect(actionFactsFindings(text)).toEqual([{
      source: 'action-facts',
      kind: 'unknown-output',
      line: 6,
      message: 'jobs.build: steps.login.outputs.username is read, but step "login" (docker/login-action@v4) has no output "username" in docker/login-action v4.1.0 (it has no outputs); it would read as \'\'.',
    }]);
  });

  test('names compare ignoring case, as the runner does', () => {
    const text = workflow([
      '      - id: Build',
      '        uses: Docker/Build-Push-Action@v7',
      '        with:',
      '          Context: .',
      '      - run: echo "${{ steps.build.outputs.DIGEST }}"',
    ].join('\n'));
    expect(actionFactsFindings(text)).toEqual([]);
  });

  test('other actions, local and docker:// actions, run steps and text outside ${{ }} are not judged', () => {
    const text = workflow([
      '      - id: node',
      '        uses: actions/setup-node@v6',
      '        with: { anything: x }',
      '      - uses: ./.github/actions/login-action',
      '        with: { anything: x }',
      '      - uses: docker://alpine:3',
      '        with: { args: x }',
      '      - id: script',
      '        run: echo "x=1" >> "$GITHUB_OUTPUT"',
      '      - id: build',
      '        uses: docker/build-push-action@v7',
      '      - run: echo "${{ steps.node.outputs.any }} ${{ steps.script.outputs.any }} ${{ steps.missing.outputs.any }}"',
      '      - run: echo "a comment about steps.build.outputs.image"',
    ].join('\n'));
    expect(actionFactsFindings(text)).toEqual([]);
  });

  test('a step id is scoped to its job: the same id in another job is another step', () => {
    const text = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - id: build',
      '        uses: docker/build-push-action@v7',
      '  b:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - id: build',
      '        run: echo "image=x" >> "$GITHUB_OUTPUT"',
      '      - run: echo "${{ steps.build.outputs.image }}"',
    ].join('\n');
    expect(actionFactsFindings(text)).toEqual([]);
  });

  test('every mistake of a workflow is reported, by line', () => {
    const text = workflow([
      '      - id: build',
      '        uses: docker/build-push-action@v7',
      '        with:',
      '          contxt: .',
      '          tag: x',
      '      - uses: actions/cache/restore@v5',
      '        with:',
      '          key: ${{ steps.build.outputs.id }}',
    ].join('\n'));
    expect(actionFactsFindings(text).map((f) => [f.line, f.kind])).toEqual([
      [9, 'unknown-input'], [10, 'unknown-input'], [11, 'missing-input'], [13, 'unknown-output'],
    ]);
  });

  test('YAML anchors are followed', () => {
    const text = workflow([
      '      - uses: actions/checkout@v7',
      '        with: &opts',
      '          fetch-depht: 0',
      '      - uses: actions/checkout@v7',
      '        with: *opts',
    ].join('\n'));
    expect(actionFactsFindings(text).map((f) => [f.line, f.kind])).toEqual([[8, 'unknown-input'], [8, 'unknown-input']]);
  });

  test('text that is not a workflow, or not YAML, gives no findings (the workflow parser reports it)', () => {
    expect(actionFactsFindings('')).toEqual([]);
    expect(actionFactsFindings('jobs: [1, 2]\n')).toEqual([]);
    expect(actionFactsFindings('jobs:\n  a: {\n')).toEqual([]);
  });
});
