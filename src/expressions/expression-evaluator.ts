/**
 * Evaluates a GitHub Actions expression with partial knowledge: the values
 * GitHub's expression engine (`@actions/expressions`) would compute where
 * the contexts are known, and "unknown" where the result depends on
 * something that is not (a matrix value, an input, an output nobody
 * describes). Used at synth time to tell, per event, which jobs run.
 *
 * GitHub's rules, as its evaluator applies them: `a && b` is `a` when `a`
 * is falsy, else `b`; `a || b` is `a` when `a` is truthy, else `b`; falsy
 * are `false`, `0`, `NaN`, `''` and `null`; `==` coerces like JavaScript's
 * `==` (null and booleans to numbers, strings to numbers against numbers;
 * objects only equal themselves) and compares strings ignoring case; a
 * property missing from an object reads as `null`. The library cannot depend
 * on GitHub's engine at run time (it is ESM-only and the library has no
 * runtime dependencies), so `test/expressions/expression-evaluator.test.ts`
 * holds this evaluator to it.
 *
 * Knowledge is three-valued: {@link Unknown} is a value nobody knows (which
 * may still be known to be truthy or falsy), {@link Opaque} a non-empty
 * string whose text is unknown but which equals itself (`github.repository`
 * on both sides of a comparison) and, within a family, differs from its
 * siblings (a fork's repository is not the repository).
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */
import { lex, Token, TokenType } from './expression-lexer';
import { coerceString, compare, Dict, equals, isPrimitive, Opaque, toNumber, truthiness, Unknown, upper, Value } from './expression-values';

/** What a job's status functions return where the expression is evaluated. */
export interface StatusValues {
  readonly success: Value;
  readonly failure: Value;
  readonly cancelled: Value;
}

/** The contexts by name (any other name is unknown) and the status functions' values. */
export interface EvaluationScope {
  readonly contexts: { readonly [name: string]: Value };
  readonly status: StatusValues;
}

const STATUS_FUNCTIONS = ['success', 'failure', 'cancelled', 'always'];

/**
 * Evaluates a job's `if:` the way the runner does: with or without `${{ }}`,
 * as `success() && (<if>)` unless it calls a status function; no `if:` is
 * `success()`.
 */
export function evaluateCondition(condition: string | undefined, scope: EvaluationScope): boolean | undefined {
  if (condition === undefined) {
    return truthiness(scope.status.success);
  }
  const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition);
  const expression = whole ? whole[1] : condition;
  const tokens = lex(expression);
  const callsStatus = tokens.some((t, i) => t.type === 'identifier' && STATUS_FUNCTIONS.includes(t.lexeme.toLowerCase()) && tokens[i + 1]?.type === '('
    && tokens[i - 1]?.type !== '.');
  const value = evaluateTokens(tokens, scope);
  return callsStatus ? truthiness(value) : truthiness(and(scope.status.success, value));
}

/** The value of `expression` (the text inside `${{ }}`). Throws on text GitHub would refuse. */
export function evaluateExpression(expression: string, scope: EvaluationScope): Value {
  return evaluateTokens(lex(expression), scope);
}

function evaluateTokens(tokens: readonly Token[], scope: EvaluationScope): Value {
  const reader = new Evaluator(tokens, scope);
  return reader.evaluate();
}

function and(a: Value, b: Value): Value {
  const ta = truthiness(a);
  if (ta !== undefined) {
    return ta ? b : a;
  }
  return truthiness(b) === false ? new Unknown(false) : new Unknown();
}

function or(a: Value, b: Value): Value {
  const ta = truthiness(a);
  if (ta !== undefined) {
    return ta ? a : b;
  }
  return truthiness(b) === true ? new Unknown(true) : new Unknown();
}

function not(v: boolean | undefined): Value {
  return v === undefined ? new Unknown() : !v;
}

/** A recursive-descent evaluator over GitHub's grammar (the one `expression-parser.ts` checks). */
class Evaluator {
  private i = 0;

  constructor(private readonly tokens: readonly Token[], private readonly scope: EvaluationScope) {}

  public evaluate(): Value {
    const value = this.or();
    if (this.peek().type !== 'eof') {
      throw new Error(`unexpected "${this.peek().lexeme}" at position ${this.peek().at}`);
    }
    return value;
  }

  private or(): Value {
    let value = this.and();
    while (this.take('||')) {
      value = or(value, this.and());
    }
    return value;
  }

  private and(): Value {
    let value = this.equality();
    while (this.take('&&')) {
      value = and(value, this.equality());
    }
    return value;
  }

  private equality(): Value {
    let value = this.comparison();
    for (let op = this.takeAny('==', '!='); op !== undefined; op = this.takeAny('==', '!=')) {
      const eq = equals(value, this.comparison());
      value = op === '==' ? (eq === undefined ? new Unknown() : eq) : not(eq);
    }
    return value;
  }

  private comparison(): Value {
    let value = this.unary();
    for (let op = this.takeAny('<', '<=', '>', '>='); op !== undefined; op = this.takeAny('<', '<=', '>', '>=')) {
      const right = this.unary();
      // `a <= b` is `!(a > b)` only for comparable values: GitHub answers false for NaN and mixed kinds.
      const strict = compare(value, right, op === '<' || op === '<=');
      const eq = op.length === 2 ? equals(value, right) : false;
      value = strict === true || eq === true ? true : strict === undefined || eq === undefined ? new Unknown() : false;
    }
    return value;
  }

  private unary(): Value {
    if (this.take('!')) {
      return not(truthiness(this.unary()));
    }
    return this.postfix();
  }

  private postfix(): Value {
    let value = this.primary();
    for (;;) {
      if (this.take('.')) {
        const name = this.next();
        value = name.type === '*' ? new Unknown() : property(value, name.lexeme);
      } else if (this.take('[')) {
        const index = this.take('*') ? new Unknown() : this.or();
        this.expect(']');
        value = index instanceof Unknown || index instanceof Opaque ? new Unknown() : element(value, index);
      } else {
        return value;
      }
    }
  }

  private primary(): Value {
    const token = this.next();
    switch (token.type) {
      case 'true': return true;
      case 'false': return false;
      case 'null': return null;
      case 'number': return Number(token.lexeme);
      case 'string': return token.lexeme.slice(1, -1).replace(/''/g, '\'');
      case '(': {
        const value = this.or();
        this.expect(')');
        return value;
      }
      case 'identifier': {
        if (!this.take('(')) {
          const context = this.scope.contexts[token.lexeme.toLowerCase()];
          return context === undefined ? new Unknown() : context;
        }
        const args: Value[] = [];
        while (!this.take(')')) {
          args.push(this.or());
          this.take(',');
        }
        return this.call(token.lexeme.toLowerCase(), args);
      }
      default:
        throw new Error(`unexpected "${token.lexeme}" at position ${token.at}`);
    }
  }

  private call(name: string, args: readonly Value[]): Value {
    const status = this.scope.status;
    switch (name) {
      case 'always': return true;
      case 'success': return status.success;
      case 'failure': return status.failure;
      case 'cancelled': return status.cancelled;
      case 'contains': return contains(args[0], args[1]);
      case 'startswith': return startsWith(args[0], args[1]);
      case 'endswith': {
        const [s, suffix] = [coerceString(args[0]), coerceString(args[1])];
        return s === undefined || suffix === undefined ? new Unknown() : upper(s).endsWith(upper(suffix));
      }
      case 'format': return format(args);
      case 'case': {
        for (let k = 0; k + 1 < args.length; k += 2) {
          const t = truthiness(args[k]);
          if (t === undefined) {
            return new Unknown();
          }
          if (t) {
            return args[k + 1];
          }
        }
        return args[args.length - 1];
      }
      default: return new Unknown(); // join, toJSON, fromJSON, hashFiles: not needed to decide a job's if
    }
  }

  private take(type: TokenType): boolean {
    if (this.peek().type === type) {
      this.i++;
      return true;
    }
    return false;
  }

  private takeAny(...types: TokenType[]): TokenType | undefined {
    const type = this.peek().type;
    return types.includes(type) && this.take(type) ? type : undefined;
  }

  private expect(type: TokenType): void {
    if (!this.take(type)) {
      throw new Error(`expected "${type}" at position ${this.peek().at}`);
    }
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    const token = this.tokens[this.i];
    if (token.type !== 'eof') {
      this.i++;
    }
    return token;
  }
}

function property(value: Value, name: string): Value {
  if (value instanceof Dict) {
    return value.get(name);
  }
  return value instanceof Unknown ? new Unknown() : null;
}

/** `value[index]`: an array by a whole number (any value GitHub reads as one), an object by the index's string form. */
function element(value: Value, index: Value): Value {
  if (value instanceof Unknown) {
    return new Unknown();
  }
  if (!isPrimitive(index)) {
    return null;
  }
  if (Array.isArray(value)) {
    const n = toNumber(index);
    return Number.isFinite(n) && n >= 0 && Math.floor(n) < value.length ? (value as readonly Value[])[Math.floor(n)] : null;
  }
  return value instanceof Dict ? value.get(coerceString(index) ?? '') : null;
}

function contains(search: Value, item: Value): Value {
  if (Array.isArray(search)) {
    const found = (search as readonly Value[]).map((v) => equals(v, item));
    return found.includes(true) ? true : found.includes(undefined) ? new Unknown() : false;
  }
  const [s, i] = [coerceString(search), coerceString(item)];
  return s === undefined || i === undefined ? new Unknown() : upper(s).includes(upper(i));
}

function startsWith(value: Value, prefix: Value): Value {
  const p = coerceString(prefix);
  if (value instanceof Opaque && value.prefix !== undefined && p !== undefined) {
    const [known, wanted] = [upper(value.prefix), upper(p)];
    return known.startsWith(wanted) ? true : wanted.startsWith(known) ? new Unknown() : false;
  }
  const s = coerceString(value);
  return s === undefined || p === undefined ? new Unknown() : upper(s).startsWith(upper(p));
}

/** `format('{0}-{1}', a, b)` with `{{`/`}}` for braces; unknown when an argument used is. */
function format(args: readonly Value[]): Value {
  const template = coerceString(args[0]);
  if (template === undefined) {
    return new Unknown();
  }
  let unknown = false;
  const text = template.replace(/\{\{|\}\}|\{(\d+)\}/g, (match, index?: string) => {
    if (index === undefined) {
      return match[0];
    }
    const s = coerceString(args[Number(index) + 1] ?? null);
    unknown = unknown || s === undefined;
    return s ?? '';
  });
  return unknown ? new Unknown() : text;
}
