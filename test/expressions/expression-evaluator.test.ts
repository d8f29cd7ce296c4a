/**
 * The library's evaluator (src/expressions/expression-evaluator.ts) against
 * GitHub's own engine (`@actions/expressions`): on fully known contexts they
 * must give the same value, for hand-picked expressions and for random ones;
 * with partial knowledge, a known answer must be the engine's answer for
 * every filling-in of the unknowns tried.
 */
import { data } from '@actions/expressions';
import * as fc from 'fast-check';
import { evaluateCondition, evaluateExpression, EvaluationScope } from '../../src/expressions/expression-evaluator';
import { Dict, Opaque, truthiness, Unknown, Value } from '../../src/expressions/expression-values';
import { ContextValue, evaluateCondition as githubCondition, evaluateExpression as githubEvaluate } from '../support/simulate';

const CONTEXTS: { [name: string]: ContextValue } = {
  github: {
    event_name: 'pull_request',
    ref: 'refs/pull/7/merge',
    repository: 'Acme/Shop',
    event: { pull_request: { number: 7, draft: false, head: { repo: { full_name: 'acme/shop' } }, labels: ['ci', 'Docs'] } },
  },
  needs: { build: { result: 'success', outputs: { image: 'ghcr.io/acme/shop@sha256:1', count: '3', empty: '' } } },
};

/** The same contexts as the library's values. */
function toValue(value: ContextValue): Value {
  if (Array.isArray(value)) {
    return value.map(toValue);
  }
  if (value !== null && typeof value === 'object') {
    return new Dict(Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toValue(v)])));
  }
  return value;
}

const SCOPE: EvaluationScope = {
  contexts: Object.fromEntries(Object.entries(CONTEXTS).map(([k, v]) => [k, toValue(v)])),
  status: { success: true, failure: false, cancelled: false },
};

/** GitHub's value as plain data: objects and arrays as a marker (they only equal themselves). */
function plain(value: data.ExpressionData): unknown {
  switch (value.kind) {
    case data.Kind.Null: return null;
    case data.Kind.Boolean: return (value as data.BooleanData).value;
    case data.Kind.Number: return (value as data.NumberData).value;
    case data.Kind.String: return (value as data.StringData).value;
    case data.Kind.Array: return 'array';
    default: return 'object';
  }
}

function ours(value: Value): unknown {
  if (value instanceof Unknown || value instanceof Opaque) {
    return 'unknown';
  }
  return Array.isArray(value) ? 'array' : value instanceof Dict ? 'object' : value;
}

const HAND_PICKED = [
  "github.event_name == 'PULL_REQUEST'",
  "github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository",
  'github.event.pull_request.head.repo.full_name != github.repository',
  "needs.build.outputs.image != ''",
  "needs.build.outputs.missing != ''",
  'needs.build.outputs.missing == null',
  'needs.build.outputs.empty == 0',
  'needs.build.outputs.count == 3',
  'needs.build.outputs.count > 2 && needs.build.outputs.count <= 3',
  "'abc' < 'ABD'",
  'true == 1',
  'null == false',
  "'' == false",
  "'x' == 0",
  'github.event == github.event',
  "github.event.pull_request.draft || 'fallback'",
  "needs.build.outputs.empty && 'never'",
  '!needs.build.outputs.empty',
  "contains(github.event.pull_request.labels, 'docs')",
  "contains(github.ref, 'PULL')",
  "startsWith(github.ref, 'refs/pull/')",
  "endsWith(github.repository, '/shop')",
  "format('{0}@{1}', 'ghcr.io/acme', needs.build.result)",
  "format('{{0}} {0}', 1.5)",
  'github.event.pull_request.labels[1]',
  'github.event.pull_request.labels[5]',
  "github.event.pull_request.labels['1']",
  'github.event.pull_request.labels[1.7]',
  'github.event.pull_request.labels[-1]',
  'github.event.pull_request.labels[true]',
  "github.event['pull_request']['head'].repo",
  'github[github.event_name]',
  "github['event_name']",
  'github.event.pull_request.number >= 7',
  "case(github.event_name == 'push', 'a', 'b')",
  "success() && github.event_name == 'pull_request'",
  'always() || failure()',
  '!cancelled()',
  '0x10 == 16',
  '-1 < 0',
  'NaN == NaN',
  'github.nothing.deeper',
];

describe('the evaluator agrees with GitHub\'s engine on known contexts', () => {
  test.each(HAND_PICKED)('%s', (expression) => {
    const github = githubEvaluate(expression, { contexts: CONTEXTS });
    expect(ours(evaluateExpression(expression, SCOPE))).toEqual(plain(github));
    expect(evaluateCondition(expression, SCOPE)).toBe(githubCondition(expression, { contexts: CONTEXTS }));
  });

  test('on random expressions over the same contexts', () => {
    const reads = ['github.event_name', 'github.repository', 'github.ref', 'github.missing', 'github.event.pull_request.number',
      'github.event.pull_request.draft', 'needs.build.outputs.image', 'needs.build.outputs.count', 'needs.build.outputs.empty', 'needs.build.result'];
    const literals = ['null', 'true', 'false', '0', '1', '3', '-2.5', "''", "'pull_request'", "'PUSH'", "'3'", "'acme/shop'", "'a'"];
    const { expression } = fc.letrec<{ expression: string }>((tie) => ({
      expression: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(...reads, ...literals),
        fc.tuple(tie('expression'), fc.constantFrom('==', '!=', '<', '<=', '>', '>=', '&&', '||'), tie('expression')).map(([a, op, b]) => `(${a} ${op} ${b})`),
        tie('expression').map((a) => `!${a}`),
        fc.tuple(fc.constantFrom('contains', 'startsWith', 'endsWith', 'format'), tie('expression'), tie('expression')).map(([f, a, b]) => `${f}(${a}, ${b})`),
      ),
    }));
    fc.assert(fc.property(expression, (text) => {
      expect(ours(evaluateExpression(text, SCOPE))).toEqual(plain(githubEvaluate(text, { contexts: CONTEXTS })));
    }), { numRuns: 2000, seed: 20261202 });
  });
});

describe('partial knowledge', () => {
  const scopeWith = (github: Value, success: Value = true): EvaluationScope => ({
    contexts: { github },
    status: { success, failure: false, cancelled: false },
  });
  const repo = new Opaque('github.repository', 'repository');

  test('an opaque value equals itself, differs from its family and from \'\', and is unknown against other text', () => {
    const github = new Dict({ repository: repo, head: new Opaque('fork', 'repository'), ref: new Opaque('ref', undefined, 'refs/pull/') });
    const scope = scopeWith(github);
    expect(evaluateExpression('github.repository == github.repository', scope)).toBe(true);
    expect(evaluateExpression('github.head != github.repository', scope)).toBe(true);
    expect(evaluateExpression("github.repository != ''", scope)).toBe(true);
    expect(evaluateExpression("github.repository == 'acme/shop'", scope)).toBeInstanceOf(Unknown);
    expect(evaluateExpression("github.ref == 'refs/heads/main'", scope)).toBe(false);
    expect(evaluateExpression("startsWith(github.ref, 'refs/')", scope)).toBe(true);
    expect(evaluateExpression("startsWith(github.ref, 'refs/tags/')", scope)).toBe(false);
    expect(evaluateExpression("startsWith(github.ref, 'refs/pull/7')", scope)).toBeInstanceOf(Unknown);
  });

  test('&& and || decide what they can: unknown && false is falsy, unknown || true truthy, and ! keeps knowledge', () => {
    const scope: EvaluationScope = { contexts: { github: new Dict({ event_name: 'push' }, true) }, status: { success: true, failure: false, cancelled: false } };
    expect(evaluateCondition("inputs.deploy && github.event_name == 'pull_request'", scope)).toBe(false);
    expect(evaluateCondition("inputs.deploy || github.event_name == 'push'", scope)).toBe(true);
    expect(evaluateCondition("inputs.deploy && github.event_name == 'push'", scope)).toBeUndefined();
    expect(evaluateCondition("!(inputs.deploy || github.event_name == 'push')", scope)).toBe(false);
    expect(evaluateCondition('github.actor == vars.RELEASER', scope)).toBeUndefined();
    expect(truthiness(new Unknown(true))).toBe(true);
  });

  test('an open object reads unknown for keys it does not list, a closed one null', () => {
    expect(evaluateExpression('github.sha', scopeWith(new Dict({}, true)))).toBeInstanceOf(Unknown);
    expect(evaluateExpression('github.sha', scopeWith(new Dict({})))).toBeNull();
  });

  test('no if: means success(); an if without a status function means success() && (if); with one, it is taken as written', () => {
    const skippedBefore = scopeWith(new Dict({ event_name: 'push' }), false);
    expect(evaluateCondition(undefined, skippedBefore)).toBe(false);
    expect(evaluateCondition("github.event_name == 'push'", skippedBefore)).toBe(false);
    expect(evaluateCondition("${{ always() && github.event_name == 'push' }}", skippedBefore)).toBe(true);
    expect(evaluateCondition("!cancelled() && github.event_name == 'push'", skippedBefore)).toBe(true);
    expect(evaluateCondition("contains('success()', 'x') || github.event_name == 'push'", skippedBefore)).toBe(false);
    expect(evaluateCondition(undefined, scopeWith(new Dict({}), new Unknown()))).toBeUndefined();
  });

  test('known answers under partial knowledge are GitHub\'s answers for every filling-in tried', () => {
    const known = new Dict({ event_name: 'push', ref: 'refs/heads/main' }, true);
    const expressions = [
      "github.event_name == 'push' && github.ref == 'refs/heads/main'",
      "github.event_name == 'pull_request' && inputs.force",
      "inputs.force || github.event_name == 'push'",
      "!(github.ref != 'refs/heads/main') || vars.X == 'y'",
      "(vars.X == 'y' || github.event_name == 'push') && github.ref == 'refs/heads/main'",
    ];
    for (const expression of expressions) {
      const answer = evaluateCondition(expression, scopeWith(known));
      for (const fill of [null, true, false, '', 'y', 0, 1]) {
        const contexts: { [name: string]: ContextValue } = { github: { event_name: 'push', ref: 'refs/heads/main' }, inputs: { force: fill }, vars: { X: fill } };
        const github = githubCondition(expression, { contexts });
        if (answer !== undefined) {
          expect({ expression, fill, answer }).toEqual({ expression, fill, answer: github });
        }
      }
    }
  });
});
