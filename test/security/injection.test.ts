/**
 * Script injection: a `run:` that interpolates an untrusted context (or a
 * secret) inside `${{ }}` is refused, naming the step and showing the
 * rewrite through `env:`; `allowUntrustedInterpolation` opts a step out.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ContainerTestJob, DispatchInputType, DockerBuildJob, JobOutput, RunnerJob, Step, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { scriptInjectionProblems } from '../../src/jobs/script-interpolation';
import { expectValidWorkflow, judgeWorkflow, judgeWorkflows } from '../support/judge';
import { tempProject } from '../support/synth';

function workflowWith(steps: Step[]): Workflow {
  const ci = new Workflow(tempProject(), 'ci', { triggers: { pullRequest: {} } });
  new ContainerTestJob(ci, 'test', { image: new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' }), steps });
  return ci;
}

function problemsOf(steps: Step[]): string[] {
  try {
    workflowWith(steps).toYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  return [];
}

/** A workflow whose one job has literal env and matrix, and typed inputs, so the scope-dependent cases can be told apart. */
function scopedWorkflow(step: Step): Workflow {
  const ci = new Workflow(tempProject(), 'ci', {
    triggers: {
      pullRequest: {},
      workflowDispatch: { inputs: { dry: { type: DispatchInputType.BOOLEAN }, target: { type: DispatchInputType.CHOICE, options: ['a', 'b'] }, note: {} } },
    },
    env: { LEVEL: 'debug', REF: '${{ github.ref }}' },
  });
  const plan = new RunnerJob(ci, 'plan', { steps: [{ id: 'p', run: 'echo "list=[1]" >> "$GITHUB_OUTPUT"' }], outputs: { list: JobOutput.fromStep('p', 'list') } });
  new RunnerJob(ci, 'test', {
    needs: [plan],
    env: { MODE: 'fast', HEAD: '${{ github.head_ref }}' },
    strategy: { domain: { os: ['linux', 'mac'] }, domainFromJson: { n: plan.output('list') } },
    checkout: { enabled: false },
    steps: [{ id: 'p', ...step }],
  });
  return ci;
}

function refusals(step: Step): string[] {
  try {
    scopedWorkflow(step).toYaml();
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems.filter((p) => p.includes('interpolates'));
  }
}

/** Expressions GitHub substitutes into a script, each with what the allowlist must say (written out, not derived from it). */
const CASES: ReadonlyArray<readonly [string, 'refused' | 'passes']> = [
  // A branch or tag name, an actor, the event's text: anyone can choose them.
  ['github.head_ref', 'refused'],
  ['github.ref', 'refused'],
  ['github.ref_name', 'refused'],
  ['github.actor', 'refused'],
  ['github.event.pull_request.title', 'refused'],
  ['github.event.pull_request.head.ref', 'refused'],
  ['github.event.issue.body', 'refused'],
  ['github.event.commits[0].message', 'refused'],
  ["github['head_ref']", 'refused'],
  ['GitHub.Head_Ref', 'refused'],
  ['toJSON(github.event.pull_request)', 'refused'],
  ["format('{0}!', github.event.issue.body)", 'refused'],
  ["join(github.event.pull_request.labels.*.name, ',')", 'refused'],
  // || can yield either side; && the right one.
  ["contains(github.event.pull_request.title, 'x') && github.event.pull_request.title", 'refused'],
  ['github.sha || github.head_ref', 'refused'],
  ['(github.head_ref)', 'refused'],
  // Another job's or step's output, a variable, a string input, env or a matrix value built from expressions.
  ['needs.plan.outputs.list', 'refused'],
  ['steps.p.outputs.list', 'refused'],
  ['vars.REGION', 'refused'],
  ['inputs.note', 'refused'],
  ['github.event.inputs.note', 'refused'],
  ['env.HEAD', 'refused'],
  ['env.REF', 'refused'],
  ['env.UNDEFINED', 'refused'],
  ['matrix.n', 'refused'],
  ["fromJSON('[1]')[0]", 'refused'],
  // Values nobody outside the repository chooses, or only tested.
  ['github.sha', 'passes'],
  ['github.run_id', 'passes'],
  ['github.repository', 'passes'],
  ['runner.temp', 'passes'],
  ['github.event.pull_request.number', 'passes'],
  ['needs.plan.result', 'passes'],
  ['steps.p.outcome', 'passes'],
  ['env.MODE', 'passes'],
  ['env.LEVEL', 'passes'],
  ['matrix.os', 'passes'],
  ['inputs.dry', 'passes'],
  ['inputs.target', 'passes'],
  ["contains(github.event.pull_request.title, '[skip]')", 'passes'],
  ["startsWith(github.head_ref, 'dependabot/')", 'passes'],
  ["github.head_ref == 'main'", 'passes'],
  ['!github.head_ref', 'passes'],
  ['github.head_ref && github.sha', 'passes'],
  ["'github.head_ref'", 'passes'],
  ["hashFiles('**/package-lock.json')", 'passes'],
];

describe('what run: may interpolate (an allowlist)', () => {
  test('the exact refusal: names the step and what it reads, and shows the env: rewrite', () => {
    expect(problemsOf([{ name: 'Greet', run: 'echo "${{ github.event.pull_request.title }}"' }])).toEqual([
      'ci/test: steps[0] ("Greet") interpolates the untrusted github.event.pull_request.title into `run`, where whoever can shape that value (a branch or tag name, an event\'s text, another job\'s output) can inject shell commands. ' +
      'Pass it through the environment instead: env: { PR_TITLE: \'${{ github.event.pull_request.title }}\' }, run: \'echo "$PR_TITLE"\' ' +
      '(or set allowUntrustedInterpolation: true on this step if the value is known to be safe). See https://docs.github.com/en/actions/concepts/security/script-injections',
    ]);
  });

  test.each(CASES)('${{ %s }} %s', (expression, verdict) => {
    const problems = refusals({ run: `echo \${{ ${expression} }}` });
    expect(problems).toHaveLength(verdict === 'refused' ? 1 : 0);
  });

  test('zizmor (default persona) agrees with every verdict: a refused expression is its template-injection finding, a passing one is not', async () => {
    const texts = CASES.map(([expression]) => ({
      text: scopedWorkflow({ run: `echo \${{ ${expression} }}`, allowUntrustedInterpolation: true }).toYaml(),
      fileName: 'ci.yml',
    }));
    const findings = await judgeWorkflows(texts, { judges: ['zizmor'] });
    const zizmor = findings.map((f) => (f.some((x) => x.kind === 'template-injection') ? 'refused' : 'passes'));
    expect(CASES.map(([expression], i) => [expression, zizmor[i]])).toEqual(CASES.map(([expression, verdict]) => [expression, verdict]));
  }, 120_000);

  test('actions/github-script scripts are checked the same way, and the rewrite reads process.env', () => {
    const [problem] = problemsOf([{ uses: 'actions/github-script@ed597411d8f924073f98dfc5c65a23a2325f34cd # v8.0.0', with: { script: 'core.info("${{ github.head_ref }}")' } }]);
    expect(problem).toContain('interpolates the untrusted github.head_ref into the github-script `script`');
    expect(problem).toContain("env: { HEAD_REF: '${{ github.head_ref }}' }, with: { script: 'core.info(\"process.env.HEAD_REF\")' }");
  });

  test('untrusted text in env:, with: (of other actions) or if: is fine: that is the safe form', () => {
    expect(problemsOf([
      { if: "github.head_ref != 'main'", env: { PR_TITLE: '${{ github.event.pull_request.title }}' }, run: 'echo "$PR_TITLE"' },
      { uses: 'actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0', with: { name: '${{ github.head_ref }}', path: 'out' } },
    ])).toEqual([]);
  });

  test('several expressions get one env entry each; the rewrite replaces every occurrence', () => {
    const [problem] = problemsOf([{ run: 'git checkout "${{ github.head_ref }}"\necho "${{ github.event.pull_request.title }}" "${{ github.head_ref }}"' }]);
    expect(problem).toContain('interpolates the untrusted github.head_ref and github.event.pull_request.title into `run`');
    expect(problem).toContain("env: { HEAD_REF: '${{ github.head_ref }}', PR_TITLE: '${{ github.event.pull_request.title }}' }, " +
      "run: 'git checkout \"$HEAD_REF\"\\necho \"$PR_TITLE\" \"$HEAD_REF\"'");
  });

  test('PowerShell steps read the variable as $env:NAME', () => {
    const [problem] = problemsOf([{ shell: 'pwsh', run: 'Write-Output "${{ github.event.issue.title }}"' }]);
    expect(problem).toContain("env: { ISSUE_TITLE: '${{ github.event.issue.title }}' }, run: 'Write-Output \"$env:ISSUE_TITLE\"'");
  });

  test('following the suggested rewrite gives a step that is accepted, and that every judge accepts too', async () => {
    const bad: Step = { name: 'Greet', run: 'echo "${{ github.event.pull_request.title }}"' };
    const [problem] = problemsOf([bad]);
    const rewritten = /env: \{ PR_TITLE: '(.*)' \}, run: '(.*)' \(or/.exec(problem)!;
    const fixed: Step = { name: 'Greet', env: { PR_TITLE: rewritten[1] }, run: rewritten[2] };
    const yaml = workflowWith([fixed]).toYaml();
    await expectValidWorkflow(yaml, 'ci.yml');
  });

  test('allowUntrustedInterpolation: true opts one step out (actionlint and zizmor still flag what it lets through)', async () => {
    const ci = workflowWith([{ name: 'Trusted label', run: 'echo "${{ github.event.pull_request.title }}"', allowUntrustedInterpolation: true }]);
    const yaml = ci.toYaml();
    expect(yaml).not.toContain('allowUntrustedInterpolation');
    expect(YAML.parse(yaml).jobs.test.steps[1]).toEqual({ name: 'Trusted label', run: 'echo "${{ github.event.pull_request.title }}"' });
    const findings = await judgeWorkflow(yaml, 'ci.yml');
    expect(findings.some((f) => f.source === 'actionlint-1.7.12' && /untrusted/.test(f.message))).toBe(true);
    expect(findings.some((f) => f.source === 'zizmor' && f.kind === 'template-injection')).toBe(true);
  });
});

describe('secrets in run:', () => {
  test('a secret interpolated into run is refused, with the env: rewrite, even with allowUntrustedInterpolation', () => {
    expect(problemsOf([{ name: 'Publish', run: 'npm publish --token ${{ secrets.NPM_TOKEN }}', allowUntrustedInterpolation: true }])).toEqual([
      'ci/test: steps[0] ("Publish") interpolates secrets.NPM_TOKEN into `run`, which writes the secret into the script file on the runner and breaks on quotes in its value. ' +
      'Pass it through the environment instead: env: { NPM_TOKEN: \'${{ secrets.NPM_TOKEN }}\' }, run: \'npm publish --token $NPM_TOKEN\'. See https://docs.github.com/en/actions/reference/security/secure-use',
    ]);
  });

  test('github.token and secrets[...] count as secrets; secrets in env: do not', () => {
    const [a] = problemsOf([{ run: 'gh api -H "Authorization: token ${{ github.token }}" /user' }]);
    expect(a).toContain("env: { GITHUB_TOKEN: '${{ github.token }}' }, run: 'gh api -H \"Authorization: token $GITHUB_TOKEN\" /user'");
    const [b] = problemsOf([{ run: "echo ${{ secrets['DEPLOY_KEY'] }}" }]);
    expect(b).toContain('interpolates secrets.DEPLOY_KEY into `run`');
    expect(problemsOf([{ env: { TOKEN: '${{ secrets.NPM_TOKEN }}' }, run: 'npm publish --token "$TOKEN"' }])).toEqual([]);
  });

  test('a step with both gets one rewrite that fixes both, in each message', () => {
    const problems = problemsOf([{ run: 'curl -H "x: ${{ secrets.API }}" -d "${{ github.event.issue.body }}" https://example.com' }]);
    expect(problems).toHaveLength(2);
    const rewrite = "env: { API: '${{ secrets.API }}', ISSUE_BODY: '${{ github.event.issue.body }}' }, run: 'curl -H \"x: $API\" -d \"$ISSUE_BODY\" https://example.com'";
    expect(problems[0]).toContain(rewrite);
    expect(problems[1]).toContain(rewrite);
  });
});

describe('the library itself', () => {
  test('no golden workflow has an untrusted context or a secret in any run:', () => {
    const dir = path.join(__dirname, '..', 'golden');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yml'))) {
      const doc = YAML.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
      for (const [id, job] of Object.entries(doc.jobs as { [id: string]: { steps: Step[] } })) {
        job.steps.forEach((step, i) => {
          expect({ file, id, step: i, problems: scriptInjectionProblems(step, 'x') }).toEqual({ file, id, step: i, problems: [] });
        });
      }
    }
  });
});
