/**
 * Parses one GitHub Actions expression (the text between `${{` and `}}`) the
 * way GitHub does, and says what GitHub would refuse: a character or number
 * its lexer cannot read, a string left open, a grammar error (`a ==`,
 * `a b`, `f(,)`), a name that is no context, an unknown function or a wrong
 * number of arguments, nesting deeper than 50, or more than 21,000
 * characters.
 *
 * It mirrors `@actions/expressions` (GitHub's own lexer and parser, the one
 * the judge runs): the same token boundaries, the same rule that `.` after a
 * value is a dereference and otherwise starts a number, postfix `.x`/`[i]`
 * only after a context, a call or a group, and a trailing comma allowed in
 * calls. Which contexts a particular key may read is not checked here (GitHub
 * allows different ones in different places); a name outside every context
 * of GitHub's workflow schema is. `test/workflow/expression-parser.test.ts`
 * holds it to GitHub's parser on generated expressions.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */

import { lex, Refusal, Token, TokenType } from './expression-lexer';

/** The contexts of GitHub's workflow schema (workflow-v1.0.json), every place together. */
export const CONTEXTS = ['github', 'env', 'vars', 'secrets', 'inputs', 'needs', 'strategy', 'matrix', 'steps', 'job', 'jobs', 'runner'];

/** Functions and their argument counts: GitHub's built-in ones, and the schema's status and hashFiles functions. */
const FUNCTIONS: { readonly [lowerName: string]: { readonly name: string; readonly min: number; readonly max: number } } = {
  contains: { name: 'contains', min: 2, max: 2 },
  startswith: { name: 'startsWith', min: 2, max: 2 },
  endswith: { name: 'endsWith', min: 2, max: 2 },
  format: { name: 'format', min: 1, max: 255 },
  join: { name: 'join', min: 1, max: 2 },
  tojson: { name: 'toJSON', min: 1, max: 1 },
  fromjson: { name: 'fromJSON', min: 1, max: 1 },
  case: { name: 'case', min: 3, max: Number.MAX_SAFE_INTEGER },
  hashfiles: { name: 'hashFiles', min: 1, max: 255 },
  success: { name: 'success', min: 0, max: 0 },
  always: { name: 'always', min: 0, max: 0 },
  failure: { name: 'failure', min: 0, max: 0 },
  cancelled: { name: 'cancelled', min: 0, max: 0 },
};

const MAX_LENGTH = 21_000;
const MAX_DEPTH = 50;

/** GitHub's recursive-descent parser over `tokens`; throws a refusal at the first error. */
class ExpressionParser {
  private offset = 0;
  private depth = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  public parse(): void {
    this.expression();
    if (!this.atEnd()) {
      throw this.unexpected(this.peek());
    }
  }

  private expression(): void {
    this.nested(() => this.logical('||', () => this.logical('&&', () => this.binary(['==', '!='], () => this.binary(['<', '<=', '>', '>='], () => this.unary())))));
  }

  private logical(op: '||' | '&&', operand: () => void): void {
    operand();
    if (this.check(op)) {
      this.nested(() => {
        while (this.match(op)) {
          operand();
        }
      });
    }
  }

  private binary(ops: readonly TokenType[], operand: () => void): void {
    operand();
    while (this.match(...ops)) {
      operand();
    }
  }

  private unary(): void {
    if (this.match('!')) {
      this.nested(() => this.unary());
      return;
    }
    this.postfix();
  }

  /** A call, context or group, followed by `.name`, `.*`, `[expr]` or `[*]`; anything else is a primary. */
  private postfix(): void {
    const derefable = this.callOrPrimary();
    if (!derefable) {
      return;
    }
    let levels = 0;
    try {
      for (;;) {
        // The same order as GitHub's parser: `[` counts its level after the index, `.` before the name.
        if (this.match('[')) {
          if (!this.match('*')) {
            this.expression();
          }
          this.consume(']');
          levels++;
          this.enter();
        } else if (this.match('.')) {
          levels++;
          this.enter();
          if (!this.match('identifier', '*')) {
            throw this.unexpected(this.peek());
          }
        } else {
          break;
        }
      }
    } finally {
      this.depth -= levels;
    }
  }

  /** Parses a call, a context name or a primary; true when the result may be dereferenced. */
  private callOrPrimary(): boolean {
    if (!this.check('identifier')) {
      return this.primary();
    }
    const name = this.next();
    if (!this.match('(')) {
      if (!CONTEXTS.includes(name.lexeme.toLowerCase())) {
        throw new Refusal(`reads "${name.lexeme}", not a context GitHub knows (${CONTEXTS.join(', ')})`);
      }
      return true;
    }
    let args = 0;
    while (!this.match(')')) {
      this.expression();
      args++;
      if (!this.check(')')) {
        this.consume(',');
      }
    }
    const fn = FUNCTIONS[name.lexeme.toLowerCase()];
    if (fn === undefined) {
      throw new Refusal(`calls ${name.lexeme}(), not a function GitHub knows (${Object.values(FUNCTIONS).map((f) => f.name).join(', ')})`);
    }
    if (args < fn.min || args > fn.max || (fn.name === 'case' && args % 2 === 0)) {
      const wants = fn.name === 'case' ? 'an odd number of arguments, at least 3'
        : fn.min === fn.max ? `${fn.min} argument${fn.min === 1 ? '' : 's'}` : `${fn.min} to ${fn.max} arguments`;
      throw new Refusal(`calls ${fn.name}() with ${args} argument${args === 1 ? '' : 's'}; it takes ${wants}`);
    }
    return true;
  }

  /** A literal or a group; true for a group (which may be dereferenced). */
  private primary(): boolean {
    if (this.match('false', 'true', 'null', 'number', 'string')) {
      return false;
    }
    if (this.match('(')) {
      this.expression();
      if (this.atEnd()) {
        throw this.unexpected(this.peek());
      }
      this.consume(')');
      return true;
    }
    throw this.unexpected(this.peek());
  }

  private nested(parse: () => void): void {
    this.enter();
    try {
      parse();
    } finally {
      this.depth--;
    }
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) {
      throw new Refusal(`nests deeper than GitHub's limit of ${MAX_DEPTH} levels`);
    }
  }

  private unexpected(token: Token): Refusal {
    if (token.type === 'eof') {
      const last = this.tokens[this.offset - 1];
      return new Refusal(last === undefined ? 'is empty' : `ends after "${last.lexeme}", where GitHub expects more`);
    }
    return new Refusal(`has "${token.lexeme}" at position ${token.at}, where GitHub does not expect it`);
  }

  private consume(type: TokenType): void {
    if (!this.match(type)) {
      throw this.unexpected(this.peek());
    }
  }

  private match(...types: TokenType[]): boolean {
    if (types.some((t) => this.check(t))) {
      this.next();
      return true;
    }
    return false;
  }

  private check(type: TokenType): boolean {
    return !this.atEnd() && this.peek().type === type;
  }

  private atEnd(): boolean {
    return this.peek().type === 'eof';
  }

  private peek(): Token {
    return this.tokens[this.offset];
  }

  private next(): Token {
    if (!this.atEnd()) {
      this.offset++;
    }
    return this.tokens[this.offset - 1];
  }
}

/**
 * What GitHub would refuse in `expression` (the text between `${{` and `}}`),
 * as the phrase that completes "the expression ... which <phrase>", or
 * undefined when GitHub parses it.
 */
export function expressionProblem(expression: string): string | undefined {
  if (expression.trim() === '') {
    return 'is empty';
  }
  if (expression.length > MAX_LENGTH) {
    return `is longer than GitHub's limit of ${MAX_LENGTH.toLocaleString('en-US')} characters`;
  }
  try {
    new ExpressionParser(lex(expression)).parse();
    return undefined;
  } catch (error) {
    if (error instanceof Refusal) {
      return error.phrase;
    }
    throw error;
  }
}
