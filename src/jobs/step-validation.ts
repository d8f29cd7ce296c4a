import { Step } from './step';
import { scriptInjectionProblems } from './untrusted-contexts';

const STEP_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Checks a job's steps; returns one message per problem. `label` names the
 * list in messages (e.g. `steps`).
 */
export function validateSteps(steps: readonly Step[], label: string): string[] {
  const problems: string[] = [];
  const seenIds = new Map<string, number>();
  steps.forEach((step, index) => {
    if (step === null || typeof step !== 'object') {
      problems.push(`${label}[${index}] is ${JSON.stringify(step) ?? String(step)}; each step must be an object with \`run\` or \`uses\`.`);
      return;
    }
    const where = `${label}[${index}]${typeof step.name === 'string' && step.name !== '' ? ` ("${step.name}")` : ''}`;
    const hasRun = step.run !== undefined;
    const hasUses = step.uses !== undefined;
    if (hasRun === hasUses) {
      problems.push(`${where} sets ${hasRun ? 'both `run` and `uses`' : 'neither `run` nor `uses`'}; set exactly one of them.`);
    }
    if (hasRun && (typeof step.run !== 'string' || step.run.trim() === '')) {
      problems.push(`${where} has an empty \`run\`; give the script to execute.`);
    }
    if (hasUses && (typeof step.uses !== 'string' || step.uses.trim() === '')) {
      problems.push(`${where} has an empty \`uses\`; give an action reference such as owner/repo@v1.`);
    }
    if (step.with !== undefined && !hasUses) {
      problems.push(`${where} sets \`with\` without \`uses\`; inputs only apply to an action.`);
    }
    if (step.id !== undefined) {
      if (!STEP_ID.test(step.id)) {
        problems.push(`${where} has id ${JSON.stringify(step.id)}; a step id starts with a letter or _ and contains only letters, digits, - and _.`);
      } else {
        const key = step.id.toLowerCase();
        const first = seenIds.get(key);
        if (first !== undefined) {
          problems.push(`${where} repeats the id "${step.id}" of ${label}[${first}] (step ids are case-insensitive); give each step its own id.`);
        } else {
          seenIds.set(key, index);
        }
      }
    }
    if (step.timeoutMinutes !== undefined && !isPositiveInteger(step.timeoutMinutes)) {
      problems.push(`${where} has timeoutMinutes ${step.timeoutMinutes}; use a positive whole number of minutes.`);
    }
    problems.push(...scriptInjectionProblems(step, where));
  });
  return problems;
}

/** True for 1, 2, 3, ... */
export function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
