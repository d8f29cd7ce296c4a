/**
 * A syntax check of the `${{ }}` expressions inside a string: every `${{` is
 * closed by `}}` (quotes inside the expression respected, as GitHub's parser
 * reads them), no expression is empty, and each contains only what GitHub's
 * expression lexer accepts (names, numbers, 'single-quoted' strings, the
 * operators `! == != < <= > >= && ||`, `( ) [ ] . , *`). A string that fails
 * would be refused by GitHub when the workflow is loaded, after a push.
 *
 * It checks syntax only; whether a context may be read where it is used is
 * GitHub's business (and the judge's, in this repository's tests).
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */

/** What is wrong with the expressions in `text`, or undefined when there is nothing wrong (or no expression). */
export function expressionSyntaxProblem(text: string): string | undefined {
  let from = 0;
  for (;;) {
    const start = text.indexOf('${{', from);
    if (start === -1) {
      return undefined;
    }
    let i = start + 3;
    let inString = false;
    let end = -1;
    for (; i < text.length; i++) {
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
      return `has "\${{" at position ${start + 1} without a closing "}}" (GitHub reads everything after "\${{" as an expression; to write the characters literally, use \${{ '\${{' }})`;
    }
    const problem = lexProblem(text.slice(start + 3, end));
    if (problem !== undefined) {
      return `has the expression ${JSON.stringify(text.slice(start, end + 2))}, which ${problem}`;
    }
    from = end + 2;
  }
}

/** Lexes one expression (the text between `${{` and `}}`); undefined when every token is one GitHub knows. */
function lexProblem(expression: string): string | undefined {
  if (expression.trim() === '') {
    return 'is empty';
  }
  let depth = 0;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i];
    if (c === '\'') {
      i++;
      while (i < expression.length && !(expression[i] === '\'' && expression[i + 1] !== '\'')) {
        i += expression[i] === '\'' ? 2 : 1;
      }
      if (i >= expression.length) {
        return 'has a string without its closing \'';
      }
    } else if (c === '(' || c === '[') {
      depth++;
    } else if (c === ')' || c === ']') {
      if (--depth < 0) {
        return `closes "${c}" that was never opened`;
      }
    } else if (c === '=' || c === '&' || c === '|') {
      const prev = expression[i - 1];
      const next = expression[i + 1];
      const pairs = c === '=' ? next === '=' || '!<>='.includes(prev ?? ' ') : next === c || prev === c;
      if (!pairs) {
        return `has a lone "${c}" (GitHub knows ==, !=, <=, >=, && and ||)`;
      }
    } else if (!/[A-Za-z0-9_\-.,!<>*+ \t\r\n]/.test(c)) {
      return `has the character ${JSON.stringify(c)}, which GitHub's expression syntax does not allow outside 'single-quoted' strings`;
    }
  }
  return depth > 0 ? 'leaves "(" or "[" open' : undefined;
}
