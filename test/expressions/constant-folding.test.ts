/**
 * Folding literal operands out of conditions (src/expressions/constant-folding.ts):
 * zizmor's obfuscation audit flags any part of an expression with a static
 * value. Each folded condition is checked against GitHub's expression engine
 * on every combination of the context values it reads, so a fold that changed
 * a condition's truth would fail here.
 */
import { foldConstants } from '../../src/expressions/constant-folding';
import { evaluateCondition } from '../support/simulate';

/** The condition's truth as GitHub's engine evaluates an `if:` (a and b read as github.a and github.b). */
function truthy(condition: string, values: { a: boolean; b: boolean }): boolean {
  return evaluateCondition(condition.replace(/\b([ab])\b/g, 'github.$1'), { contexts: { github: values } });
}

describe('foldConstants', () => {
  test.each([
    ['!false', 'true'],
    ['true && (false || !true)', 'false'],
    ['(true || false) && !(false)', 'true'],
    ['!!true', 'true'],
    ['true && a', 'a'],
    ['false && a', 'false'],
    ['a || true', 'true'],
    ['false || a', 'a'],
    ['!false && a != b', 'a != b'],
    ['(a == b) && true', '(a == b)'],
    ['(false || a) && (true || b)', '(a)'],
    ['a && (b || false) && !(true)', 'false'],
    ['!(a || false)', '!(a)'],
  ])('%s is %s', (condition, folded) => {
    expect(foldConstants(condition)).toBe(folded);
  });

  test('keeps what is not a literal as written: comparisons, calls, strings that spell true, !x of a read', () => {
    expect(foldConstants("github.ref == 'true' && contains(x, 'false || true')")).toBe("github.ref == 'true' && contains(x, 'false || true')");
    expect(foldConstants('!a && true == a')).toBe('!a && true == a');
    expect(foldConstants('a[0] && false')).toBe('false');
  });

  test('an expression the lexer refuses comes back unchanged', () => {
    expect(foldConstants("a == 'open")).toBe("a == 'open");
    expect(foldConstants('')).toBe('');
  });

  test('every fold keeps the condition\'s truth, per GitHub\'s engine, on every combination of a and b', () => {
    const conditions = ['true && a', 'a || false && b', '!(false || a) && (b || true)', '(a && true) || (false && b)', '!!(a || !true) && !false', 'a && !(b && true) || false'];
    for (const condition of conditions) {
      const folded = foldConstants(condition);
      for (const a of [true, false]) {
        for (const b of [true, false]) {
          expect(`${folded} with a=${a} b=${b}: ${truthy(folded, { a, b })}`).toBe(`${folded} with a=${a} b=${b}: ${truthy(condition, { a, b })}`);
        }
      }
    }
  });
});
