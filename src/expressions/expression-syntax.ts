/**
 * A check of the `${{ }}` expressions inside a string: every `${{` is closed
 * by `}}` (quotes inside the expression respected, as GitHub's parser reads
 * them), and each expression parses the way GitHub parses it
 * (`expression-parser.ts`). A string that fails would be refused by GitHub
 * when the workflow is loaded, after a push.
 *
 * Which contexts a key may read is checked on the rendered model
 * (`src/jobs/reference-checks.ts`).
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/expressions
 */
import { scanExpressions } from './context-references';
import { expressionProblem } from './expression-parser';

/** What is wrong with the expressions in `text`, or undefined when there is nothing wrong (or no expression). */
export function expressionSyntaxProblem(text: string): string | undefined {
  const { spans, unclosedAt } = scanExpressions(text);
  for (const span of spans) {
    const problem = expressionProblem(span.inner);
    if (problem !== undefined) {
      return `has the expression ${JSON.stringify(text.slice(span.start, span.end))}, which ${problem}`;
    }
  }
  if (unclosedAt !== undefined) {
    return `has "\${{" at position ${unclosedAt + 1} without a closing "}}" (GitHub reads everything after "\${{" as an expression; to write the characters literally, use \${{ '\${{' }})`;
  }
  return undefined;
}
