/**
 * Folds the literal `true` and `false` operands of an expression's `!`, `&&`
 * and `||` away: `true && x` is `x`, `false && x` is `false`, `true || x` is
 * `true`, `false || x` is `x`, `!false` is `true`. zizmor's obfuscation audit
 * flags an expression, or a part of one, that has a static value, and the
 * library's own rewrites (the result job's reading of `success()` and
 * friends) produce such parts.
 *
 * Operands of `&&`/`||` that are not a literal, a `!` of one or a
 * parenthesised group (comparisons, calls, context reads) are kept as they are
 * written. GitHub's `&&` and `||` return an operand, not a boolean, so folding
 * keeps the value of a condition (what `if:` and the result job read) but
 * not necessarily the type of a value: use it on conditions only.
 */
import { lex, Refusal, Token } from './expression-lexer';

type Node =
  | { readonly kind: 'constant'; readonly value: boolean }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'not' | 'group'; readonly operand: Node }
  | { readonly kind: 'and' | 'or'; readonly operands: readonly Node[] };

/** The tokens between `from` and `to` (exclusive), split at `operator` outside parentheses. */
function splitAt(tokens: readonly Token[], from: number, to: number, operator: '&&' | '||'): [number, number][] {
  const parts: [number, number][] = [];
  let depth = 0;
  let start = from;
  for (let i = from; i < to; i++) {
    const type = tokens[i].type;
    if (type === '(' || type === '[') {
      depth += 1;
    } else if (type === ')' || type === ']') {
      depth -= 1;
    } else if (type === operator && depth === 0) {
      parts.push([start, i]);
      start = i + 1;
    }
  }
  parts.push([start, to]);
  return parts;
}

/** The index of the `)` that closes the `(` at `open`. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    depth += tokens[i].type === '(' ? 1 : tokens[i].type === ')' ? -1 : 0;
    if (depth === 0) {
      return i;
    }
  }
  return -1;
}

class Folder {
  constructor(private readonly input: string, private readonly tokens: readonly Token[]) {}

  public or(from: number, to: number): Node {
    return this.logical('or', splitAt(this.tokens, from, to, '||').map(([a, b]) => this.and(a, b)));
  }

  private and(from: number, to: number): Node {
    return this.logical('and', splitAt(this.tokens, from, to, '&&').map(([a, b]) => this.operand(a, b)));
  }

  private logical(kind: 'and' | 'or', parts: readonly Node[]): Node {
    // The literal that decides the whole (`false` for &&, `true` for ||), and the one that drops out.
    const decisive = kind === 'or';
    const kept: Node[] = [];
    for (const part of parts) {
      if (part.kind === 'constant') {
        if (part.value === decisive) {
          return part;
        }
        continue;
      }
      kept.push(part);
    }
    if (kept.length === 0) {
      return { kind: 'constant', value: !decisive };
    }
    return kept.length === 1 ? kept[0] : { kind, operands: kept };
  }

  /** One operand of `&&`: a literal, `!` of a foldable operand, a whole group, or text kept as written. */
  private operand(from: number, to: number): Node {
    const first = this.tokens[from];
    if (to - from === 1 && (first.type === 'true' || first.type === 'false')) {
      return { kind: 'constant', value: first.type === 'true' };
    }
    if (first.type === '!' && to - from > 1 && this.isUnit(from + 1, to)) {
      const inner = this.operand(from + 1, to);
      if (inner.kind === 'constant') {
        return { kind: 'constant', value: !inner.value };
      }
      return { kind: 'not', operand: inner };
    }
    if (first.type === '(' && closing(this.tokens, from) === to - 1) {
      const inner = this.or(from + 1, to - 1);
      return inner.kind === 'constant' ? inner : { kind: 'group', operand: inner };
    }
    return { kind: 'text', text: this.text(from, to) };
  }

  /** True when the tokens are one unit `!` may apply to as a whole: a literal, a group, or `!` of a unit. */
  private isUnit(from: number, to: number): boolean {
    const first = this.tokens[from];
    if (to - from === 1) {
      return first.type === 'true' || first.type === 'false';
    }
    if (first.type === '!') {
      return this.isUnit(from + 1, to);
    }
    return first.type === '(' && closing(this.tokens, from) === to - 1;
  }

  private text(from: number, to: number): string {
    const last = this.tokens[to - 1];
    return this.input.slice(this.tokens[from].at - 1, last.at - 1 + last.lexeme.length);
  }
}

function print(node: Node): string {
  switch (node.kind) {
    case 'constant': return String(node.value);
    case 'text': return node.text;
    case 'group': return `(${print(node.operand)})`;
    case 'not': return `!${print(node.operand)}`;
    case 'and': return node.operands.map((o) => (o.kind === 'or' ? `(${print(o)})` : print(o))).join(' && ');
    case 'or': return node.operands.map(print).join(' || ');
  }
}

/**
 * `condition` with its literal `true`/`false` operands folded away; `'true'`
 * or `'false'` when that decides it. An expression the lexer refuses is
 * returned as it is (validation reports it).
 */
export function foldConstants(condition: string): string {
  let tokens: Token[];
  try {
    tokens = lex(condition);
  } catch (e) {
    if (e instanceof Refusal) {
      return condition;
    }
    throw e;
  }
  const end = tokens.length - 1; // the eof token
  if (end === 0) {
    return condition;
  }
  return print(new Folder(condition, tokens).or(0, end));
}
