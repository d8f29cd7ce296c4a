/**
 * A job's `if:` as written: the user's condition, combined with the guards
 * the job's images need.
 *
 * An empty `container.image` makes GitHub run the job's steps on the bare
 * runner, and an empty service image drops the service silently. So a job
 * whose container or service image is exactly one job output
 * (`${{ needs.build.outputs.image }}`, the way a built image is handed over)
 * is skipped when that output is empty, whatever declared the job.
 */
import type { ContainerModel, ServiceModel } from '../workflow/workflow-model';

/** `${{ needs.<job>.outputs.<name> }}` and nothing else. */
const WHOLE_OUTPUT = /^\$\{\{\s*(needs\.[A-Za-z_][A-Za-z0-9_-]*\.outputs\.[A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/;

/** `<output> != ''` for each image (container first, then services) that is one whole job output, each once. */
export function imageGuards(container: ContainerModel | undefined, services: { [name: string]: ServiceModel } | undefined): string[] {
  const guards: string[] = [];
  for (const image of [container?.image, ...Object.values(services ?? {}).map((s) => s.image)]) {
    const match = typeof image === 'string' ? WHOLE_OUTPUT.exec(image.trim()) : null;
    const guard = match && `${match[1]} != ''`;
    if (guard && !guards.includes(guard)) {
      guards.push(guard);
    }
  }
  return guards;
}

/** The expression of a condition written bare or as one `${{ }}`. */
export function bareCondition(condition: string): string {
  const match = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition);
  return (match ? match[1] : condition).trim();
}

/**
 * The `if:` of a job: the user's condition (checked elsewhere to be one
 * expression) and the guards, joined with `&&`; the user's in parentheses
 * when there are guards, so `a || b` keeps its meaning.
 */
export function jobConditionModel(condition: string | undefined, guards: readonly string[]): string | undefined {
  if (guards.length === 0) {
    return condition;
  }
  const user = typeof condition === 'string' && condition.trim() !== '' ? [`(${bareCondition(condition)})`] : [];
  return [...user, ...guards].join(' && ');
}
