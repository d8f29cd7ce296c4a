/**
 * Script injection: a `run:` that interpolates an untrusted context (or a
 * secret) inside `${{ }}` is refused, naming the step and showing the
 * rewrite through `env:`; `allowUntrustedInterpolation` opts a step out.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, Step, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { scriptInjectionProblems, UNTRUSTED_CONTEXTS } from '../../src/jobs/untrusted-contexts';
import { expectValidWorkflow, judgeWorkflow } from '../support/judge';
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

describe('untrusted contexts in run:', () => {
  test('the exact refusal: names the step and the context, and shows the env: rewrite', () => {
    expect(problemsOf([{ name: 'Greet', run: 'echo "${{ github.event.pull_request.title }}"' }])).toEqual([
      'ci/test: steps[0] ("Greet") interpolates the untrusted github.event.pull_request.title into `run`, where whoever wrote that text can inject shell commands. ' +
      'Pass it through the environment instead: env: { PR_TITLE: \'${{ github.event.pull_request.title }}\' }, run: \'echo "$PR_TITLE"\' ' +
      '(or set allowUntrustedInterpolation: true on this step if the value is known to be safe). See https://docs.github.com/en/actions/concepts/security/script-injections',
    ]);
  });

  // Every listed path, written with an array index where the list has `*`.
  test.each(UNTRUSTED_CONTEXTS.map((context) => context.replace(/\.\*/g, '[0]')))('%s is refused', (context) => {
    const problems = problemsOf([{ run: `echo \${{ ${context} }}` }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^ci\/test: steps\[0\] interpolates the untrusted .* into `run`/);
  });

  test.each([
    ['bracket syntax', "echo ${{ github['head_ref'] }}", 'github.head_ref'],
    ['any case', 'echo ${{ GitHub.Event.Issue.Title }}', 'GitHub.Event.Issue.Title'],
    ['an object filter', 'echo "${{ github.event.commits.*.message }}"', 'github.event.commits.*.message'],
    ['a whole object that contains untrusted text', "echo '${{ toJSON(github.event.pull_request) }}'", 'github.event.pull_request'],
    ['inside a function call', "echo ${{ format('{0}!', github.event.issue.body) }}", 'github.event.issue.body'],
    ['spread over lines', 'set -e\necho ${{\n  github.head_ref }}\n', 'github.head_ref'],
  ])('%s is detected', (_kind, run, context) => {
    const problems = problemsOf([{ run }]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`interpolates the untrusted ${context} into \`run\``);
  });

  test.each([
    ['trusted contexts', 'echo ${{ github.sha }} ${{ github.event.pull_request.number }} ${{ github.event.pull_request.head.sha }} ${{ github.repository }}'],
    ['a boolean test of untrusted text', "echo ${{ contains(github.event.pull_request.title, '[skip]') }} ${{ startsWith(github.head_ref, 'dependabot/') }}"],
    ['the name inside a string literal', "echo ${{ 'github.head_ref' }}"],
    ['the variable the rewrite uses', 'echo "$PR_TITLE"'],
    ['no expression at all', 'echo github.event.pull_request.title'],
  ])('%s pass', (_kind, run) => {
    expect(problemsOf([{ run }])).toEqual([]);
  });

  test('untrusted text in env:, with: or if: is fine: that is the safe form', () => {
    expect(problemsOf([
      { if: "github.head_ref != 'main'", env: { PR_TITLE: '${{ github.event.pull_request.title }}' }, run: 'echo "$PR_TITLE"' },
      { uses: 'actions/github-script@v7', with: { script: 'core.info(process.env.T)' }, env: { T: '${{ github.event.pull_request.title }}' } },
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

  test('following the suggested rewrite gives a step that is accepted, and that actionlint accepts too', async () => {
    const bad: Step = { name: 'Greet', run: 'echo "${{ github.event.pull_request.title }}"' };
    const [problem] = problemsOf([bad]);
    const rewritten = /env: \{ PR_TITLE: '(.*)' \}, run: '(.*)' \(or/.exec(problem)!;
    const fixed: Step = { name: 'Greet', env: { PR_TITLE: rewritten[1] }, run: rewritten[2] };
    const yaml = workflowWith([fixed]).toYaml();
    await expectValidWorkflow(yaml, 'ci.yml');
  });

  test('allowUntrustedInterpolation: true opts one step out (actionlint still flags what it lets through)', async () => {
    const ci = workflowWith([{ name: 'Trusted label', run: 'echo "${{ github.event.pull_request.title }}"', allowUntrustedInterpolation: true }]);
    const yaml = ci.toYaml();
    expect(yaml).not.toContain('allowUntrustedInterpolation');
    expect(YAML.parse(yaml).jobs.test.steps[1]).toEqual({ name: 'Trusted label', run: 'echo "${{ github.event.pull_request.title }}"' });
    const findings = await judgeWorkflow(yaml, 'ci.yml');
    expect(findings.some((f) => f.source === 'actionlint-1.7.12' && /untrusted/.test(f.message))).toBe(true);
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
