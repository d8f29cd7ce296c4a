/**
 * The expression parser says what GitHub would refuse in a `${{ }}`
 * expression. Its verdict is held to GitHub's own lexer and parser
 * (`@actions/expressions`, given every context and function of the workflow
 * schema) on fixed cases and on generated token sequences, valid and broken.
 */
import { Lexer, Parser } from '@actions/expressions';
import * as fc from 'fast-check';
import { ContainerTestJob, DockerBuildJob, Step, Workflow } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expressionProblem } from '../../src/expressions/expression-parser';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

const CONTEXTS = ['github', 'env', 'vars', 'secrets', 'inputs', 'needs', 'strategy', 'matrix', 'steps', 'job', 'jobs', 'runner'];
const EXTENSION_FUNCTIONS = [
  { name: 'hashFiles', description: '', minArgs: 1, maxArgs: 255 },
  { name: 'success', description: '', minArgs: 0, maxArgs: 0 },
  { name: 'always', description: '', minArgs: 0, maxArgs: 0 },
  { name: 'failure', description: '', minArgs: 0, maxArgs: 0 },
  { name: 'cancelled', description: '', minArgs: 0, maxArgs: 0 },
];

/** GitHub's verdict: undefined when its lexer and parser accept `expression`, else its message. */
function github(expression: string): string | undefined {
  try {
    const { tokens } = new Lexer(expression).lex();
    new Parser(tokens, CONTEXTS, EXTENSION_FUNCTIONS as never).parse();
    return undefined;
  } catch (error) {
    return String(error);
  }
}

const ACCEPTED = [
  'github.ref', "github.ref == 'refs/heads/main'", "contains(github.ref, 'x')", 'a.*.b'.replace('a', 'github'), 'fromJSON(needs.a.outputs.b)[1]',
  "format('{0}', )", 'null', '-1', '0x1F', '1e3', 'NaN', 'Infinity', '.5', '+2', "!(github.event_name == 'push')",
  "case(github.ref == 'x', 'a', 'b')", "hashFiles('**/package-lock.json')", 'success() && always()', 'steps.x.outputs.y-z',
  "github['ref']", 'github.event.commits[*].message', "(needs.a.result)['x']", "'it''s'", 'github.true',
];
const REFUSED: [string, string][] = [
  ['a ==', 'reads "a", not a context GitHub knows (github, env, vars, secrets, inputs, needs, strategy, matrix, steps, job, jobs, runner)'],
  ['github.ref ==', 'ends after "==", where GitHub expects more'],
  ['github.ref github.sha', 'has "github" at position 12, where GitHub does not expect it'],
  ['github.', 'ends after ".", where GitHub expects more'],
  ['!', 'ends after "!", where GitHub expects more'],
  ['github.a && || github.b', 'has "||" at position 13, where GitHub does not expect it'],
  ['1.2.3', 'has "1.2.3" at position 1, which is not a number GitHub can read'],
  ['github.5', 'has "5" at position 8, where GitHub does not expect it'],
  ['toJSON(,)', 'has "," at position 8, where GitHub does not expect it'],
  ['toJSON()', 'calls toJSON() with 0 arguments; it takes 1 argument'],
  ['contains(github.ref)', 'calls contains() with 1 argument; it takes 2 arguments'],
  ["case(true, 'a')", 'calls case() with 2 arguments; it takes an odd number of arguments, at least 3'],
  ['gihub.sha', 'reads "gihub", not a context GitHub knows (github, env, vars, secrets, inputs, needs, strategy, matrix, steps, job, jobs, runner)'],
  ['lower(github.ref)', 'calls lower(), not a function GitHub knows (contains, startsWith, endsWith, format, join, toJSON, fromJSON, case, hashFiles, success, always, failure, cancelled)'],
  ["'x'.length", 'has ".length" at position 4, which is not a number GitHub can read'],
  ['TRUE == github.ref', 'reads "TRUE", not a context GitHub knows (github, env, vars, secrets, inputs, needs, strategy, matrix, steps, job, jobs, runner)'],
  ['(github.ref', 'ends after "ref", where GitHub expects more'],
  ['github.ref)', 'has ")" at position 11, where GitHub does not expect it'],
  ['a = b', 'has a lone "=" (GitHub knows ==, !=, <=, >=, && and ||)'],
  ['"x"', 'has the character "\\"", which GitHub\'s expression syntax does not allow outside \'single-quoted\' strings'],
  ["'open", 'has a string without its closing \''],
  [`${'('.repeat(60)}1${')'.repeat(60)}`, 'nests deeper than GitHub\'s limit of 50 levels'],
  [`'${'x'.repeat(21_000)}'`, 'is longer than GitHub\'s limit of 21,000 characters'],
];

describe('fixed cases', () => {
  test.each(ACCEPTED)('accepts %j, as GitHub does', (expression) => {
    expect(expressionProblem(expression)).toBeUndefined();
    expect(github(expression)).toBeUndefined();
  });
  test.each(REFUSED)('refuses %j, as GitHub does', (expression, phrase) => {
    expect(expressionProblem(expression)).toBe(phrase);
    expect(github(expression)).toBeDefined();
  });
  test('whitespace only is empty', () => {
    expect(expressionProblem(' \t')).toBe('is empty');
  });
});

// Tokens GitHub's grammar uses, plus a few it does not, joined with or without spaces.
const token = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('github', 'env', 'needs', 'steps', 'matrix', 'inputs', 'gihub', 'foo', 'x-y', '_a', 'true', 'null', 'NaN') },
  { weight: 4, arbitrary: fc.constantFrom('.', '.', '*', '[', ']', '(', ')', ',', '!') },
  { weight: 3, arbitrary: fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '&&', '||') },
  { weight: 3, arbitrary: fc.constantFrom('contains', 'format', 'toJSON', 'fromJSON', 'hashFiles', 'success', 'case', 'join', 'lower') },
  { weight: 3, arbitrary: fc.constantFrom("'a'", "'it''s'", "''", '0', '1.5', '-2', '0x1F', '1e3', '.5', '1.2.3', '+') },
  { weight: 1, arbitrary: fc.constantFrom('=', '&', '|', '"', "'", '$', '{', '}', '#', '-', '\u00a0') },
);
const separator = fc.constantFrom('', '', ' ', '\n');
const tokenSoup = fc.array(fc.tuple(token, separator), { minLength: 1, maxLength: 14 })
  .map((parts) => parts.map(([t, s]) => t + s).join(''));

// Expressions built from GitHub's grammar (valid by construction), and the same with one token
// inserted or removed, which is where a parser that is almost right goes wrong.
const { grammatical } = fc.letrec<{ grammatical: string; value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.constantFrom(...CONTEXTS), fc.array(fc.oneof(fc.constantFrom('.ref', '.*', '.a-b', '[0]', "['x']", '[*]')), { maxLength: 3 })).map(([c, path]) => c + path.join('')),
    fc.constantFrom("'s'", "'it''s'", '1', '-1.5', '0x10', 'true', 'null', 'NaN'),
    fc.tuple(fc.constantFrom('contains', 'startsWith', 'format', 'join'), tie('grammatical'), tie('grammatical')).map(([f, a, b]) => `${f}(${a}, ${b})`),
    fc.tuple(fc.constantFrom('toJSON', 'fromJSON', 'hashFiles'), tie('grammatical')).map(([f, a]) => `${f}(${a})`),
    fc.constantFrom('success()', 'always()', 'cancelled()'),
  ),
  grammatical: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('value'),
    fc.tuple(tie('grammatical'), fc.constantFrom('==', '!=', '<', '>=', '&&', '||'), tie('grammatical')).map(([a, op, b]) => `${a} ${op} ${b}`),
    tie('grammatical').map((e) => `!${e}`),
    tie('grammatical').map((e) => `(${e})`),
  ),
}));
const mutated = fc.tuple(grammatical, fc.nat(), token, fc.boolean()).map(([e, at, t, insert]) => {
  const i = at % (e.length + 1);
  return insert ? `${e.slice(0, i)} ${t} ${e.slice(i)}` : e.slice(0, i) + e.slice(i + 1);
});
const expression = fc.oneof(tokenSoup, grammatical, mutated).filter((e) => e.trim() !== '');

// The same variables as the graph fuzzer (test/property): a random seed and more runs explore further.
const SEED = process.env.PDC_FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(process.env.PDC_FUZZ_SEED ?? 20261129);
const RUNS = Number(process.env.PDC_FUZZ_RUNS ?? 10_000);

test('on 10,000 generated expressions (PDC_FUZZ_RUNS), the verdict is GitHub\'s: refused exactly when GitHub\'s lexer or parser throws', () => {
  let refused = 0;
  let runs = 0;
  fc.assert(fc.property(expression, (e) => {
    const ours = expressionProblem(e);
    const theirs = github(e);
    if ((ours === undefined) !== (theirs === undefined)) {
      throw new Error(`seed ${SEED}: ${JSON.stringify(e)}: ours ${ours ?? 'accepts'}; GitHub ${theirs ?? 'accepts'}`);
    }
    runs++;
    refused += ours === undefined ? 0 : 1;
  }), { numRuns: RUNS, seed: SEED });
  // Both outcomes are exercised.
  expect(refused).toBeGreaterThan(runs * 0.2);
  expect(refused).toBeLessThan(runs * 0.8);
});

describe('through a step: refused before anything is written, with the construct path', () => {
  const DOCS = ' See https://docs.github.com/en/actions/reference/workflows-and-actions/expressions';
  function workflowWith(step: Step): Workflow {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { push: {} } });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' });
    new ContainerTestJob(ci, 'test', { image, steps: [step] });
    return ci;
  }
  function problems(step: Step): string[] {
    try {
      workflowWith(step).toYaml();
    } catch (e) {
      expect(e).toBeInstanceOf(WorkflowValidationError);
      return (e as WorkflowValidationError).problems;
    }
    return [];
  }

  test('a bare if: condition is parsed whole, as GitHub reads it', () => {
    expect(problems({ run: 'make', if: 'github.ref ==' })).toEqual([`ci/test: steps[0] if "github.ref ==" ends after "==", where GitHub expects more.${DOCS}`]);
    expect(problems({ run: 'make', if: '' })).toEqual([`ci/test: steps[0] if "" is empty.${DOCS}`]);
    expect(problems({ run: 'make', if: 7 as unknown as string })).toEqual(['ci/test: steps[0] if is 7; give a condition such as "github.event_name == \'push\'", or leave it out.']);
  });

  test('expressions in if, run, env and with are parsed; a typo in a context name is caught', () => {
    expect(problems({ run: 'echo ${{ gihub.sha }}', env: { A: '${{ toJSON() }}' }, if: '${{ github.a github.b }}' })).toEqual([
      `ci/test: steps[0] run has the expression "\${{ gihub.sha }}", which reads "gihub", not a context GitHub knows (${CONTEXTS.join(', ')}).${DOCS}`,
      `ci/test: steps[0] env.A has the expression "\${{ toJSON() }}", which calls toJSON() with 0 arguments; it takes 1 argument.${DOCS}`,
      `ci/test: steps[0] if has the expression "\${{ github.a github.b }}", which has "github" at position 11, where GitHub does not expect it.${DOCS}`,
    ]);
  });

  test('valid conditions and expressions are written and pass the judge', async () => {
    await expectValidWorkflow(workflowWith({ run: 'echo "$REF"', env: { REF: '${{ github.ref }}' }, if: "success() && startsWith(github.ref, 'refs/tags/')" }).toYaml());
    await expectValidWorkflow(workflowWith({ run: 'make', if: "${{ github.event_name == 'push' }}" }).toYaml());
  });
});
