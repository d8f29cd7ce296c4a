/**
 * Which values an expression can evaluate to: the contexts whose value flows
 * into its result, as opposed to those only compared or tested. In a `run:`
 * script only the result is substituted into the shell's text, so only
 * these can inject anything.
 *
 * The rules are GitHub's evaluation (and zizmor's template-injection audit,
 * which a workflow of this library must pass): `a || b` can be either side,
 * `a && b` the right side (the left is a condition), comparisons, `!` and
 * `contains`/`startsWith`/`endsWith`/`hashFiles`/status functions give
 * booleans or hashes, `format`, `join` and `toJSON` carry their arguments,
 * and anything read off a call or a group (`fromJSON(x).y`) is opaque: its
 * value cannot be told from the text.
 */
import { lex, Refusal, Token } from './expression-lexer';

/** What flows into an expression's result. */
export interface Dataflow {
  /** Context paths, segments as written; an index that is not a string literal is `*`. */
  readonly contexts: string[][];
  /** True when some value is read off a call or a group, so it cannot be named. */
  readonly opaque: boolean;
}

const NONE: Dataflow = { contexts: [], opaque: false };
const CARRYING = ['format', 'join', 'tojson'];

function union(a: Dataflow, b: Dataflow): Dataflow {
  return { contexts: [...a.contexts, ...b.contexts], opaque: a.opaque || b.opaque };
}

/** A recursive-descent reader over GitHub's grammar that keeps only the dataflow. */
class FlowReader {
  private i = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  public read(): Dataflow {
    return this.or();
  }

  private or(): Dataflow {
    let flow = this.and();
    while (this.take('||')) {
      flow = union(flow, this.and());
    }
    return flow;
  }

  private and(): Dataflow {
    let flow = this.comparison();
    while (this.take('&&')) {
      flow = this.comparison();
    }
    return flow;
  }

  private comparison(): Dataflow {
    const flow = this.unary();
    let compared = false;
    while (['==', '!=', '<', '<=', '>', '>='].includes(this.peek().type)) {
      this.i++;
      this.unary();
      compared = true;
    }
    return compared ? NONE : flow;
  }

  private unary(): Dataflow {
    if (this.take('!')) {
      this.unary();
      return NONE;
    }
    return this.postfix();
  }

  private postfix(): Dataflow {
    const token = this.peek();
    let flow: Dataflow;
    let path: string[] | undefined;
    if (token.type === '(') {
      this.i++;
      flow = this.or();
      this.take(')');
    } else if (token.type === 'identifier' && this.tokens[this.i + 1]?.type === '(') {
      this.i += 2;
      const args: Dataflow[] = [];
      while (this.peek().type !== ')' && this.peek().type !== 'eof') {
        args.push(this.or());
        this.take(',');
      }
      this.take(')');
      flow = CARRYING.includes(token.lexeme.toLowerCase()) ? args.reduce(union, NONE) : NONE;
    } else if (token.type === 'identifier') {
      this.i++;
      path = [token.lexeme];
      flow = NONE;
    } else {
      this.i++; // a literal
      flow = NONE;
    }
    let derefs = false;
    for (;;) {
      if (this.peek().type === '.' && ['identifier', '*'].includes(this.tokens[this.i + 1]?.type)) {
        path?.push(this.tokens[this.i + 1].lexeme);
        this.i += 2;
        derefs = true;
      } else if (this.peek().type === '[') {
        this.i++;
        const index = this.peek();
        const literal = index.type === 'string' && this.tokens[this.i + 1]?.type === ']';
        this.or();
        this.take(']');
        path?.push(literal ? index.lexeme.slice(1, -1).replace(/''/g, '\'') : '*');
        derefs = true;
      } else {
        break;
      }
    }
    if (path !== undefined) {
      return { contexts: [path], opaque: false };
    }
    return derefs ? { contexts: [], opaque: true } : flow;
  }

  private peek(): Token {
    return this.tokens[this.i] ?? this.tokens[this.tokens.length - 1];
  }

  private take(type: string): boolean {
    if (this.peek().type === type) {
      this.i++;
      return true;
    }
    return false;
  }
}

/** What flows into the result of `expression` (the text between `${{` and `}}`); nothing when it does not lex. */
export function dataflowOf(expression: string): Dataflow {
  try {
    return new FlowReader(lex(expression)).read();
  } catch (error) {
    if (error instanceof Refusal) {
      return NONE; // a syntax problem, reported by the expression check
    }
    throw error;
  }
}
