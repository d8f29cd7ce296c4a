/**
 * The context paths an expression reads (`needs.build.outputs.image`,
 * `matrix.os`, `inputs.version`...), found with GitHub's own token rules
 * (`expression-lexer.ts`), so text inside `'string literals'` and function
 * names are never mistaken for a context. The workflow's reference checks and
 * the `needs` inference read them.
 */
import { lex, Refusal, Token } from './expression-lexer';

/**
 * One context path: its segments as written (`['needs', 'build', 'outputs',
 * 'image']`); an index that is not a string literal (`[0]`, `[matrix.i]`,
 * `.*`) is `*`.
 */
export type ContextPath = readonly string[];

/** The paths read by one expression (the text between `${{` and `}}`); none when it does not lex. */
export function contextPathsOf(expression: string): ContextPath[] {
  let tokens: Token[];
  try {
    tokens = lex(expression);
  } catch (error) {
    if (error instanceof Refusal) {
      return []; // a syntax problem, reported by the expression check
    }
    throw error;
  }
  const paths: ContextPath[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const startsPath = token.type === 'identifier' && tokens[i - 1]?.type !== '.' && tokens[i + 1]?.type !== '(';
    if (!startsPath) {
      continue;
    }
    const path = [token.lexeme];
    let j = i + 1;
    for (;;) {
      if (tokens[j]?.type === '.' && (tokens[j + 1]?.type === 'identifier' || tokens[j + 1]?.type === '*')) {
        path.push(tokens[j + 1].lexeme);
        j += 2;
      } else if (tokens[j]?.type === '[' && tokens[j + 1]?.type === 'string' && tokens[j + 2]?.type === ']') {
        path.push(tokens[j + 1].lexeme.slice(1, -1).replace(/''/g, '\''));
        j += 3;
      } else if (tokens[j]?.type === '[') {
        // An index computed at run time: skip to its closing bracket.
        let depth = 0;
        for (; j < tokens.length; j++) {
          if (tokens[j].type === '[') depth++;
          if (tokens[j].type === ']' && --depth === 0) break;
        }
        path.push('*');
        j++;
      } else {
        break;
      }
    }
    paths.push(path);
  }
  return paths;
}

/** One `${{ }}` in a text: where it starts (the `$`), where it ends (after `}}`), and the expression inside. */
export interface ExpressionSpan {
  readonly start: number;
  readonly end: number;
  readonly inner: string;
}

/**
 * Every `${{ }}` of `text`, in order, reading quotes inside an expression as
 * GitHub does (a `}}` inside `'...'` does not close it); `unclosedAt` is the
 * position of a `${{` that is never closed (scanning stops there).
 */
export function scanExpressions(text: string): { spans: ExpressionSpan[]; unclosedAt?: number } {
  const spans: ExpressionSpan[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('${{', from);
    if (start === -1) {
      return { spans };
    }
    let inString = false;
    let end = -1;
    for (let i = start + 3; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\'') {
          if (text[i + 1] === '\'') {
            i++;
          } else {
            inString = false;
          }
        }
      } else if (c === '\'') {
        inString = true;
      } else if (c === '}' && text[i + 1] === '}') {
        end = i;
        break;
      }
    }
    if (end === -1) {
      return { spans, unclosedAt: start };
    }
    spans.push({ start, end: end + 2, inner: text.slice(start + 3, end) });
    from = end + 2;
  }
}

/** The expressions inside `${{ }}` in `text`, in order (an unclosed one is the expression check's to report). */
export function expressionsIn(text: string): string[] {
  return scanExpressions(text).spans.map((span) => span.inner);
}

/**
 * The paths `text` reads: those of each `${{ }}` expression, or, for a
 * condition GitHub reads as one bare expression (a job or step `if:` without
 * `${{`), of the whole text.
 */
export function contextPathsIn(text: string, bareCondition = false): ContextPath[] {
  // The same texts come back in every job (the push condition, a build's outputs) and every job is read
  // twice (needs inferred from reads, then the reference checks): lex each text once.
  const key = `${bareCondition ? 'b' : 't'}${text}`;
  const known = PATHS_IN.get(key);
  if (known !== undefined) {
    return known;
  }
  const paths = bareCondition && !text.includes('${{') ? contextPathsOf(text) : expressionsIn(text).flatMap(contextPathsOf);
  if (PATHS_IN.size >= PATHS_IN_LIMIT) {
    PATHS_IN.clear();
  }
  PATHS_IN.set(key, paths);
  return paths;
}

/** Texts already read by {@link contextPathsIn}, bounded (cleared when full) so a long process does not grow. */
const PATHS_IN = new Map<string, ContextPath[]>();
const PATHS_IN_LIMIT = 200_000;
