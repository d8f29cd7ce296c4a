/**
 * A check of the `${{ }}` expressions inside a string: every `${{` is closed
 * by `}}` (quotes inside the expression respected, as GitHub's parser reads
 * them), and each expression parses the way GitHub parses it
 * (`expression-parser.ts`). A string that fails would be refused by GitHub
 * when the workflow is loaded, after a push.
 *
 * Whether a context may be read where it is used is GitHub's business (and
 * the judge's, in this repository's tests).
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */
import { expressionProblem } from './expression-parser';

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
    const problem = expressionProblem(text.slice(start + 3, end));
    if (problem !== undefined) {
      return `has the expression ${JSON.stringify(text.slice(start, end + 2))}, which ${problem}`;
    }
    from = end + 2;
  }
}
