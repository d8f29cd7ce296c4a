/**
 * GitHub's expression lexer, mirrored from `@actions/expressions`
 * (lexer.js): the same token boundaries, keywords (case-sensitive), numbers
 * as JavaScript's `Number()` reads them, `'single-quoted'` strings with `''`
 * for a quote, and a `.` that is a dereference after a name, `]`, `)` or `*`
 * and otherwise starts a number. Used by `expression-parser.ts`.
 */

export type TokenType =
  | '(' | ')' | '[' | ']' | ',' | '.' | '!' | '!=' | '==' | '>' | '>=' | '<' | '<=' | '&&' | '||' | '*'
  | 'number' | 'string' | 'identifier' | 'true' | 'false' | 'null' | 'eof';

export interface Token {
  readonly type: TokenType;
  readonly lexeme: string;
  /** 1-based position in the expression. */
  readonly at: number;
}

/** A refusal: the phrase that completes "... which <phrase>". */
export class Refusal {
  constructor(readonly phrase: string) {}
}

function isBoundary(c: string): boolean {
  return '([)],.!><=&|'.includes(c) || /\s/.test(c);
}

function isLegalIdentifier(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(text);
}

/** An illegal lexeme, described by its first character GitHub cannot take. */
function illegal(lexeme: string): Refusal {
  if (lexeme === '=' || lexeme === '&' || lexeme === '|') {
    return new Refusal(`has a lone "${lexeme}" (GitHub knows ==, !=, <=, >=, && and ||)`);
  }
  const bad = [...lexeme].find((c, i) => !(i === 0 ? /[A-Za-z_]/ : /[A-Za-z0-9_-]/).test(c)) ?? lexeme;
  return new Refusal(`has the character ${JSON.stringify(bad)}, which GitHub's expression syntax does not allow outside 'single-quoted' strings`);
}

/** GitHub's lexer: the tokens of `input`, or a refusal. */
export function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let offset = 0;
  let start = 0;
  const previous = (): TokenType => tokens[tokens.length - 1]?.type ?? 'eof';
  const add = (type: TokenType) => tokens.push({ type, lexeme: input.slice(start, offset), at: start + 1 });
  const match = (expected: string) => {
    if (input[offset] === expected) {
      offset++;
      return true;
    }
    return false;
  };
  const consumeNumber = () => {
    while (offset < input.length && (!isBoundary(input[offset]) || input[offset] === '.')) {
      offset++;
    }
    const lexeme = input.slice(start, offset);
    if (Number.isNaN(Number(lexeme))) {
      throw new Refusal(`has "${lexeme}" at position ${start + 1}, which is not a number GitHub can read`);
    }
    add('number');
  };
  const consumeIdentifier = () => {
    while (offset < input.length && !isBoundary(input[offset])) {
      offset++;
    }
    const lexeme = input.slice(start, offset);
    let type: TokenType = 'identifier';
    if (previous() !== '.') {
      type = lexeme === 'true' ? 'true' : lexeme === 'false' ? 'false' : lexeme === 'null' ? 'null'
        : lexeme === 'NaN' || lexeme === 'Infinity' ? 'number' : 'identifier';
    }
    if (!isLegalIdentifier(lexeme)) {
      throw illegal(lexeme);
    }
    add(type);
  };
  while (offset < input.length) {
    start = offset;
    const c = input[offset++];
    if ('()[],*'.includes(c)) {
      add(c as TokenType);
    } else if (c === '.') {
      if (['identifier', ']', ')', '*'].includes(previous())) {
        add('.');
      } else {
        consumeNumber();
      }
    } else if (c === '-' || c === '+') {
      consumeNumber();
    } else if (c === '!' || c === '<' || c === '>') {
      add((match('=') ? `${c}=` : c) as TokenType);
    } else if (c === '=' || c === '&' || c === '|') {
      if (match(c === '=' ? '=' : c)) {
        add(`${c}${c}` as TokenType);
      } else {
        consumeIdentifier();
      }
    } else if (c === ' ' || c === '\r' || c === '\t' || c === '\n') {
      continue;
    } else if (c === '\'') {
      while (offset < input.length && (input[offset] !== '\'' || input[offset + 1] === '\'')) {
        offset += input[offset] === '\'' ? 2 : 1;
      }
      if (offset >= input.length) {
        throw new Refusal('has a string without its closing \'');
      }
      offset++;
      add('string');
    } else if (c >= '0' && c <= '9') {
      consumeNumber();
    } else {
      consumeIdentifier();
    }
  }
  tokens.push({ type: 'eof', lexeme: '', at: input.length + 1 });
  return tokens;
}
