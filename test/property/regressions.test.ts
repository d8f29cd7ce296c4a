/**
 * Regression tests for the bugs the property-based test (random-graphs.test.ts)
 * found: each is the smallest input that used to fail, and what happens now.
 * Before each fix, these inputs either threw something other than
 * WorkflowValidationError, or were written as YAML that GitHub's parser or
 * actionlint refused, or that a YAML 1.1 parser read back differently.
 */
import * as YAML from 'yaml';
import { ContainerTestJob, DockerBuildJob, Step, Workflow, WorkflowProps, WorkflowTriggers } from '../../src';
import { emitYaml } from '../../src/render/yaml-emitter';
import { WorkflowValidationError } from '../../src/validation/workflow-validation-error';
import { expectValidWorkflow, judgeWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

const IMAGE = 'ghcr.io/acme/app';

/** A workflow with one build job and one container job running `steps`. */
function workflow(props: Partial<WorkflowProps> = {}, steps: Step[] = [{ run: 'make test' }], env?: { [k: string]: string }): Workflow {
  const ci = new Workflow(tempProject('regression'), 'ci', { triggers: { push: {} }, ...props });
  const build = new DockerBuildJob(ci, 'build', { image: IMAGE });
  new ContainerTestJob(ci, 'test', { image: build, steps, env });
  return ci;
}

/** The problems of the WorkflowValidationError `fn` throws (fails on any other outcome). */
function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(WorkflowValidationError);
    return (error as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError, but nothing was thrown');
}

describe('bugs found by the fuzzer', () => {
  test('1. an empty job id: WorkflowValidationError (was: constructs\' plain Error "Only root constructs may have an empty ID")', () => {
    const ci = new Workflow(tempProject('regression'), 'ci', { triggers: { push: {} } });
    expect(problemsOf(() => new DockerBuildJob(ci, '', { image: IMAGE }))).toEqual([
      'ci: a job id is ""; give each job an id that starts with a letter or _ and contains only letters, digits, - and _ (for example "build_image").',
    ]);
    const build = new DockerBuildJob(ci, 'build', { image: IMAGE });
    expect(problemsOf(() => new ContainerTestJob(ci, '', { image: build, steps: [{ run: 'true' }] }))).toHaveLength(1);
  });

  test('2. job and step ids that GitHub reserves (leading "__") or finds too long (100+): refused (was: GitHub\'s parser refused the file)', async () => {
    const ci = new Workflow(tempProject('regression'), 'ci', { triggers: { push: {} } });
    const build = new DockerBuildJob(ci, '__build', { image: IMAGE });
    new ContainerTestJob(ci, `t${'x'.repeat(99)}`, { image: build, steps: [{ id: '__step', run: 'true' }] });
    expect(problemsOf(() => ci.toYaml())).toEqual([
      'ci/__build: job id "__build" starts with "__", which GitHub reserves; start it with a letter or a single _.',
      `ci/t${'x'.repeat(99)}: job id "t${'x'.repeat(19)}..." is 100 characters long; GitHub allows at most 99.`,
      `ci/t${'x'.repeat(99)}: steps[0]: step id "__step" starts with "__", which GitHub reserves; start it with a letter or a single _.`,
    ]);
    // What GitHub said about the same ids:
    const findings = await judgeWorkflow('on: push\njobs:\n  __build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: "true"\n');
    expect(findings.some((f) => /IDs starting with '__' are reserved/.test(f.message))).toBe(true);
    // 99 characters are fine.
    await expectValidWorkflow(workflow({}, [{ id: `s${'y'.repeat(98)}`, run: 'true' }]).toYaml());
  });

  test('3. an empty env map is left out (was: `env: {}`, which actionlint refuses)', async () => {
    const yaml = workflow({}, [{ run: 'true', env: {} }], {}).toYaml();
    expect(yaml).not.toContain('env:');
    await expectValidWorkflow(yaml);
  });

  test.each<[string, WorkflowTriggers, RegExp]>([
    ['a space in a branch', { push: { branches: ['feature x'] } }, /triggers\.push\.branches\[0\] "feature x" contains " ", which a branch or tag name cannot/],
    ['a colon in a tag', { push: { tags: ['a: b'] } }, /triggers\.push\.tags\[0\] "a: b" contains ":"/],
    ['a "~" in a branch', { pullRequest: { branchesIgnore: ['~'] } }, /branchesIgnore\[0\] "~" contains "~"/],
    ['a branch ending in "."', { mergeGroup: { branches: ['v1.'] } }, /ends with "\."/],
    ['a lone "!"', { push: { paths: ['!'] } }, /is "!" alone/],
    ['a "?" after "*"', { push: { paths: ['*?'] } }, /has "\?" after a special character/],
    ['an unclosed "["', { push: { branches: ['v[0-9'] } }, /has "\[" without a closing "\]"/],
    ['a path with a trailing space', { push: { pathsIgnore: ['docs '] } }, /starts or ends with whitespace/],
    ['an expression in a pattern', { push: { paths: ['${{ github.sha }}'] } }, /GitHub evaluates no expressions in triggers/],
    ['a newline in a pattern', { push: { paths: ['a\nb'] } }, /control character/],
    ['a cron minute of 60', { schedule: [{ cron: '60 * * * *' }] }, /cron is "60 \* \* \* \*"; write five cron fields in UTC, for example "0 4 \* \* 1"\. Its minute "60" must be \*, 0-59/],
    ['a cron weekday of 7', { schedule: [{ cron: '0 4 * * 7' }] }, /Its day of the week "7" must be \*, 0-6 or a name such as SUN/],
    ['a cron with a tab', { schedule: [{ cron: '0\t4 * * 1' }] }, /write five cron fields in UTC, for example "0 4 \* \* 1"\. See https:\/\/docs\.github\.com\/en\/actions\/reference\/workflows-and-actions\/events-that-trigger-workflows#schedule$/],
  ])('4-7. trigger filter %s: refused (was: written, and refused by actionlint or GitHub\'s parser)', (_label, triggers, message) => {
    const problems = problemsOf(() => workflow({ triggers }).toYaml());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('4-7. filter patterns and crons GitHub accepts still pass', async () => {
    const triggers: WorkflowTriggers = {
      push: { branches: ['main', 'release/**', 'v[0-9]+', '!wip/*'], tags: ['v*.*'], pathsIgnore: ['docs/**', '**.md'] },
      pullRequest: { branchesIgnore: ['gh-readonly-queue/**'], paths: ['src/**/*.ts', 'a b/c'] },
      mergeGroup: { branches: ['main'] },
      schedule: [{ cron: '*/15 0-6,18-23 1-31/2 JAN-JUN MON-FRI' }, { cron: '0  4 * * sun' }],
    };
    await expectValidWorkflow(workflow({ triggers }).toYaml());
  });

  test('6. environment variable names a shell cannot read: refused (was: written, and actionlint refused "A=B")', () => {
    const problems = problemsOf(() => workflow({}, [{ run: 'true', env: { 'A B': 'x' } }], { 'A=B': 'x', '1X': 'y', 'OK_1': 'z' }).toYaml());
    expect(problems).toEqual([
      'ci/test: env has the variable name "A=B"; use letters, digits and _ only, not starting with a digit (for example "MY_VAR").',
      'ci/test: env has the variable name "1X"; use letters, digits and _ only, not starting with a digit (for example "MY_VAR").',
      'ci/test: steps[0] env has the variable name "A B"; use letters, digits and _ only, not starting with a digit (for example "MY_VAR").',
    ]);
  });

  test('12. env names that differ only in case: refused (was: GitHub\'s parser "\'b\' is already defined", actionlint "duplicated in env")', () => {
    expect(problemsOf(() => workflow({}, [{ run: 'true', env: { Path: 'a', PATH: 'b' } }], { b: '1', B: '2' }).toYaml())).toEqual([
      'ci/test: env has both "b" and "B", which GitHub reads as the same name (env names ignore case); keep one.',
      'ci/test: steps[0] env has both "Path" and "PATH", which GitHub reads as the same name (env names ignore case); keep one.',
    ]);
  });

  test('8. an expression in the workflow name: refused (was: GitHub\'s parser "Unrecognized named-value: \'github\'")', () => {
    expect(problemsOf(() => workflow({ name: 'CI ${{ github.sha }}' }).toYaml())).toEqual([
      'ci: name "CI ${{ github.sha }}" contains "${{", but GitHub refuses expressions in a workflow name; write it literally. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#name',
    ]);
  });

  test.each([
    ['unclosed', 'echo "${{"', /run has "\$\{\{" at position 7 without a closing "\}\}"/],
    ['unclosed after a closed one', 'a ${{ github.sha }} ${{', /run has "\$\{\{" at position 21 without a closing/],
    ['empty', 'echo ${{ }}', /run has the expression "\$\{\{ \}\}", which is empty/],
    ['double-quoted string inside', 'echo ${{ "x" }}', /which has the character "\\"", which GitHub's expression syntax does not allow/],
    ['a lone "="', 'echo ${{ a = b }}', /which has a lone "="/],
  ])('9. a %s expression in a step: refused (was: "The expression is not closed" or a lexer error from GitHub)', (_label, run, message) => {
    const problems = problemsOf(() => workflow({}, [{ name: 'Test', run }]).toYaml());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  test('9. closed expressions, quotes and braces outside expressions still pass', async () => {
    await expectValidWorkflow(workflow({}, [{ name: 'sha ${{ github.sha }}', run: 'echo "}}" \'{{\' ${{ format(\'{0}}}\', github.sha) }} ${{ github.run_id }}' }]).toYaml());
  });

  test('10. plain scalars like "e6" are quoted (was: plain, and read back as a float by the yaml package\'s YAML 1.1 schema)', async () => {
    const text = emitYaml({ e6: 'E12', list: ['e+5', 'e6x', 'e'] });
    expect(text).toBe("'e6': 'E12'\nlist:\n  - 'e+5'\n  - e6x\n  - e\n");
    expect(YAML.parse(text, { version: '1.1' })).toEqual({ e6: 'E12', list: ['e+5', 'e6x', 'e'] });
    const ci = new Workflow(tempProject('regression'), 'ci', { triggers: { push: {} } });
    new DockerBuildJob(ci, 'e6', { image: IMAGE });
    expect(Object.keys(YAML.parse(ci.toYaml(), { version: '1.1' }).jobs)).toEqual(['e6']);
  });

  test('11. a lone UTF-16 surrogate in any text: refused (was: written as "\\uD800", which crashed actionlint and is no Unicode character)', () => {
    const problems = problemsOf(() => workflow({ name: 'CI \uD800' }, [{ name: 'x\uDFFF', run: 'true' }], { A: '\uDBFFa' }).toYaml());
    expect(problems).toEqual([
      'ci: name has a lone UTF-16 surrogate (\\uD800) at position 4, which no UTF-8 file can hold; fix the string\'s encoding.',
      'ci/test: env.A has a lone UTF-16 surrogate (\\uDBFF) at position 1, which no UTF-8 file can hold; fix the string\'s encoding.',
      'ci/test: steps[0] ("x\uDFFF") name has a lone UTF-16 surrogate (\\uDFFF) at position 2, which no UTF-8 file can hold; fix the string\'s encoding.',
    ]);
    // A proper pair (an emoji) is fine.
    expect(() => workflow({ name: 'CI \uD83D\uDE42' }).toYaml()).not.toThrow();
  });

  test('13. a step env name that differs from the job\'s only in case: the fork fallback skips that step (was: one merged env map with "V" and "v", refused by GitHub\'s parser)', async () => {
    const yaml = workflow({ triggers: { pullRequest: {} } }, [{ run: 'true', env: { v: '2' } }], { V: '1' }).toYaml();
    const fallback = YAML.parse(yaml).jobs.build_fork;
    expect(fallback.steps.map((step: { name: string }) => step.name))
      .toEqual(['Check out repository', 'Download the image archive of job build', 'Load FORK_CI_IMAGE from the archive (image of job build)', 'Job summary']);
    await expectValidWorkflow(yaml);
  });

  test('14. a step working directory with an expression: the fork fallback passes it as a variable (was: spliced into docker run\'s -w, where zizmor reported template-injection and a quote broke the command)', async () => {
    const yaml = workflow({ triggers: { pullRequest: {} } }, [{ run: 'make', workingDirectory: 'ref=${{ github.ref }}' }]).toYaml();
    const step = YAML.parse(yaml).jobs.build_fork.steps[3];
    expect(step.run).toContain('-w "$FORK_CI_WORKDIR"');
    expect(step.run).not.toContain('${{');
    await expectValidWorkflow(yaml);
  });
});
