import { InterpolationScope, NO_SCOPE, scriptInjectionProblems } from './script-interpolation';
import { Step } from './step';
import { scanExpressions } from '../expressions/context-references';
import { expressionProblem } from '../expressions/expression-parser';
import { expressionSyntaxProblem } from '../expressions/expression-syntax';
import { DOCS, seeDocs } from '../validation/docs-links';

const STEP_ID = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Checks a job's steps; returns one message per problem. `label` names the
 * list in messages (e.g. `steps`); `scope` is where they run (what the
 * script-injection check may let through).
 */
export function validateSteps(steps: readonly Step[], label: string, scope: InterpolationScope = NO_SCOPE): string[] {
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
      const reserved = typeof step.id === 'string' ? reservedIdProblems(step.id, 'step id') : [];
      if (!STEP_ID.test(step.id)) {
        problems.push(`${where} has id ${JSON.stringify(step.id)}; a step id starts with a letter or _ and contains only letters, digits, - and _.`);
      } else if (reserved.length > 0) {
        problems.push(...reserved.map((p) => `${where}: ${p}`));
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
    problems.push(...envNameProblems(step.env, `${where} env`));
    problems.push(...textProblems([
      ['name', step.name], ['run', step.run], ['workingDirectory', step.workingDirectory], ['shell', step.shell],
      ...Object.entries(step.env ?? {}).map(([k, v]) => [`env.${k}`, v] as const),
      ...Object.entries(step.with ?? {}).map(([k, v]) => [`with.${k}`, v] as const),
    ], where));
    problems.push(...conditionProblems(step.if, where));
    problems.push(...scriptInjectionProblems(step, where, scope));
  });
  return problems;
}

/** A UTF-16 surrogate without its pair: JavaScript allows it, UTF-8 (and so YAML and GitHub) cannot hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * One message per string in `fields` (`[label, value]`) that GitHub would
 * refuse to load: a lone UTF-16 surrogate (no UTF-8 file can hold it), or
 * `${{ }}` expressions that are unclosed, empty, or use characters the
 * expression syntax does not have. `where` prefixes messages.
 */
export function textProblems(fields: ReadonlyArray<readonly [string, unknown]>, where: string): string[] {
  const problems: string[] = [];
  for (const [label, value] of fields) {
    if (typeof value !== 'string') {
      continue;
    }
    const lone = LONE_SURROGATE.exec(value);
    const problem = lone !== null
      ? `has a lone UTF-16 surrogate (\\u${lone[0].charCodeAt(0).toString(16).toUpperCase()}) at position ${lone.index + 1}, which no UTF-8 file can hold; fix the string's encoding.`
      : withExpressionDocs(expressionSyntaxProblem(value));
    if (problem !== undefined) {
      problems.push(`${where}${where === '' ? '' : ' '}${label} ${problem}`);
    }
  }
  return problems;
}

/**
 * A job's or step's `if:`: GitHub reads a condition without `${{ }}` as one
 * whole expression, so it must parse as one; with `${{ }}`, it must be one
 * expression and nothing else: text around it makes a non-empty string,
 * which is always true (`${{ a }} == 'b'` runs every time).
 */
export function conditionProblems(condition: unknown, where: string): string[] {
  if (condition === undefined) {
    return [];
  }
  const at = `${where}${where === '' ? '' : ' '}if`;
  if (typeof condition !== 'string') {
    return [`${at} is ${JSON.stringify(condition) ?? String(condition)}; give a condition such as "github.event_name == 'push'", or leave it out.`];
  }
  if (condition.includes('${{')) {
    const syntax = textProblems([['if', condition]], where);
    if (syntax.length > 0) {
      return syntax;
    }
    const { spans } = scanExpressions(condition);
    const outside = spans.length === 1 ? condition.slice(0, spans[0].start) + condition.slice(spans[0].end) : condition;
    if (spans.length !== 1 || outside.trim() !== '') {
      return [`${at} ${JSON.stringify(condition)} has text outside its \${{ }}, which makes it a non-empty string that GitHub reads as always true; ` +
        `write the whole condition as one expression, for example ${JSON.stringify(`\${{ ${spans.map((e) => e.inner.trim()).join(' && ')} }}`)}, or without \${{ }}.${seeDocs(DOCS.expressions)}`];
    }
    return [];
  }
  const problem = expressionProblem(condition);
  return problem === undefined ? [] : [`${at} ${JSON.stringify(condition)} ${problem}.${seeDocs(DOCS.expressions)}`];
}

/**
 * `textProblems` for every string inside `value` (objects and lists walked),
 * each labelled with its path below `label` (`container.env.X`).
 */
export function deepTextProblems(value: unknown, label: string, where = ''): string[] {
  const fields: [string, unknown][] = [];
  const walk = (v: unknown, at: string, depth: number) => {
    if (typeof v === 'string') {
      fields.push([at, v]);
    } else if (Array.isArray(v) && depth < 20) {
      v.forEach((item, i) => walk(item, `${at}[${i}]`, depth + 1));
    } else if (v !== null && typeof v === 'object' && depth < 20 && Object.getPrototypeOf(v) === Object.prototype) {
      Object.entries(v).forEach(([k, item]) => walk(item, `${at}.${k}`, depth + 1));
    }
  };
  walk(value, label, 0);
  return textProblems(fields, where);
}

/** An expression syntax problem as a sentence that links GitHub's expression reference. */
function withExpressionDocs(problem: string | undefined): string | undefined {
  return problem === undefined ? undefined : `${problem}.${seeDocs(DOCS.expressions)}`;
}

/** A name every shell can read: letters, digits and _, not starting with a digit. */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * One message per environment variable name in `env` that a shell could not
 * read (actionlint refuses `=`, `&` and spaces; `sh` in a container job
 * cannot expand `A-B` or `1X` either), and per pair of names that differ only
 * in case. `label` names the map in messages.
 */
export function envNameProblems(env: { [name: string]: string } | undefined, label: string): string[] {
  if (env === undefined || env === null || typeof env !== 'object') {
    return [];
  }
  const problems = Object.keys(env).filter((name) => !ENV_NAME.test(name)).map((name) =>
    `${label} has the variable name ${JSON.stringify(name)}; use letters, digits and _ only, not starting with a digit (for example "MY_VAR").`);
  // GitHub reads env names case-insensitively: `A` and `a` are the same key, which it refuses.
  const seen = new Map<string, string>();
  for (const name of Object.keys(env)) {
    const first = seen.get(name.toLowerCase());
    if (first !== undefined) {
      problems.push(`${label} has both ${JSON.stringify(first)} and ${JSON.stringify(name)}, which GitHub reads as the same name (env names ignore case); keep one.`);
    } else {
      seen.set(name.toLowerCase(), name);
    }
  }
  return problems;
}

/** The key of `map` that GitHub reads as `name` (env names ignore case), if any. */
export function sameEnvName(map: unknown, name: string): string | undefined {
  if (map === null || typeof map !== 'object') {
    return undefined;
  }
  return Object.keys(map).find((key) => key.toLowerCase() === name.toLowerCase());
}

/** GitHub's parser refuses ids of 100 characters or more. */
const MAX_ID_LENGTH = 99;

/**
 * What GitHub refuses in an id that already matches the id pattern (job or
 * step, `what` names it): a leading `__` (reserved) and 100+ characters.
 */
export function reservedIdProblems(id: string, what: string): string[] {
  if (id.startsWith('__')) {
    return [`${what} "${id}" starts with "__", which GitHub reserves; start it with a letter or a single _.`];
  }
  if (id.length > MAX_ID_LENGTH) {
    return [`${what} "${id.slice(0, 20)}..." is ${id.length} characters long; GitHub allows at most ${MAX_ID_LENGTH}.`];
  }
  return [];
}

/** True for 1, 2, 3, ... */
export function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
