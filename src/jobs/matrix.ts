/**
 * A job's `strategy`: a matrix of values (one job per combination), values
 * read at run time from another job's output, and a sharding helper that
 * splits a test suite over N parallel jobs.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategy
 */
import { JobOutput } from './job-output';
import { isPositiveInteger } from './step-validation';
import { expr } from '../expressions/expressions';
import { DOCS, seeDocs } from '../validation/docs-links';
import type { MatrixValue, StrategyModel } from '../workflow/workflow-model';

/** A matrix of job variants. */
export interface JobStrategy {
  /**
   * Each key is a matrix variable, each value the list of its values:
   * strings, numbers, booleans or objects (read `matrix.build.name` for
   * `{ name: 'speedy', ... }`). The job runs once per combination; types
   * are kept, so `false` reads as false (`continueOnErrorWhen: '${{ matrix.experimental }}'`).
   * @default - no variables besides `include`, `domainFromJson` and `shards`
   */
  readonly domain?: { [key: string]: any[] };
  /**
   * Variables whose list of values another job computes at run time: each
   * key is read as `${{ fromJSON(<output>) }}` (the output must hold a JSON
   * list), and the job `needs` that job by itself.
   * @default - none
   */
  readonly domainFromJson?: { [key: string]: JobOutput };
  /**
   * The whole matrix computed by another job: `matrix: ${{ fromJSON(<output>) }}`
   * (a JSON object of variables, `include` and `exclude`). Not together with
   * `domain`, `domainFromJson`, `include`, `exclude` or `shards`.
   * @default - the matrix is declared here
   */
  readonly fromJson?: JobOutput;
  /**
   * Extra combinations, or extra variables added to matching combinations.
   * @default - none
   */
  readonly include?: { [key: string]: any }[];
  /**
   * Combinations to leave out; keys must be variables of `domain`.
   * @default - none
   */
  readonly exclude?: { [key: string]: any }[];
  /**
   * Cancel the other combinations as soon as one fails.
   * @default true (GitHub's default)
   */
  readonly failFast?: boolean;
  /**
   * At most this many combinations run at the same time.
   * @default - as many as runners allow
   */
  readonly maxParallel?: number;
  /**
   * Split the job into this many shards: adds the variable `shard` (`1`..`N`)
   * and the environment variables `SHARD` (this shard) and `SHARD_TOTAL`
   * (`N`) for the test runner, e.g. `pytest --shard-id=$((SHARD - 1)) --num-shards=$SHARD_TOTAL`
   * or `jest --shard=$SHARD/$SHARD_TOTAL`.
   * @default - no sharding
   */
  readonly shards?: number;
}

/** Helpers to read matrix values in steps. */
export class Matrix {
  /** The environment variable holding the shard number (`1`..`N`) of a sharded job. */
  public static readonly SHARD_ENV = 'SHARD';
  /** The environment variable holding the number of shards of a sharded job. */
  public static readonly SHARD_TOTAL_ENV = 'SHARD_TOTAL';
  /** The matrix variable the `shards` option adds. */
  public static readonly SHARD_KEY = 'shard';

  /**
   * The expression of a matrix variable, `${{ matrix.<key> }}` (or of a
   * property of an object value, `matrix.build.name`), for step `env`,
   * `with`, names and images. Validation refuses a key that the job's
   * strategy does not define. In `run:` prefer an environment variable.
   */
  public static value(key: string): string {
    return expr(`matrix.${key}`);
  }
}

const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
/** GitHub's limit on the jobs one matrix generates. */
const MAX_COMBINATIONS = 256;

/** The `strategy:` of a job. */
export function strategyToModel(strategy: JobStrategy): StrategyModel {
  const common = { failFast: strategy.failFast, maxParallel: strategy.maxParallel };
  if (strategy.fromJson !== undefined) {
    return { matrix: expr(`fromJSON(${strategy.fromJson.expression})`), ...common };
  }
  const matrix: { [key: string]: MatrixValue[] | string } = {};
  for (const [key, values] of Object.entries(strategy.domain ?? {})) {
    matrix[key] = values.map(copyValue);
  }
  for (const [key, output] of Object.entries(strategy.domainFromJson ?? {})) {
    matrix[key] = expr(`fromJSON(${output.expression})`);
  }
  if (strategy.shards !== undefined) {
    matrix[Matrix.SHARD_KEY] = Array.from({ length: strategy.shards }, (_, i) => String(i + 1));
  }
  if (strategy.include !== undefined) {
    matrix.include = strategy.include.map(copyValue);
  }
  if (strategy.exclude !== undefined) {
    matrix.exclude = strategy.exclude.map(copyValue);
  }
  return { matrix, ...common };
}

/** A deep copy, so the model never shares the user's objects. */
function copyValue(value: MatrixValue): MatrixValue {
  if (Array.isArray(value)) {
    return value.map(copyValue);
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copyValue(v)]));
  }
  return value;
}

/** Job environment variables the strategy adds (the shard number and total). */
export function strategyEnv(strategy: JobStrategy | undefined): { [name: string]: string } {
  if (strategy?.shards === undefined) {
    return {};
  }
  return { [Matrix.SHARD_ENV]: Matrix.value(Matrix.SHARD_KEY), [Matrix.SHARD_TOTAL_ENV]: String(strategy.shards) };
}

/**
 * The variables a strategy defines (domain, domainFromJson, include and
 * `shard`), or undefined when they are only known at run time (`fromJson`).
 */
export function matrixKeys(strategy: JobStrategy | undefined): string[] | undefined {
  if (strategy === undefined || strategy === null || typeof strategy !== 'object') {
    return [];
  }
  if (strategy.fromJson !== undefined) {
    return undefined;
  }
  const keys = new Set<string>([
    ...(isPlainObject(strategy.domain) ? Object.keys(strategy.domain) : []),
    ...(isPlainObject(strategy.domainFromJson) ? Object.keys(strategy.domainFromJson) : []),
  ]);
  if (strategy.shards !== undefined) {
    keys.add(Matrix.SHARD_KEY);
  }
  for (const entry of Array.isArray(strategy.include) ? strategy.include : []) {
    Object.keys(isPlainObject(entry) ? entry : {}).forEach((key) => keys.add(key));
  }
  return [...keys];
}

/** True for a value GitHub can hold in a matrix: JSON without null. */
function isMatrixValue(value: unknown, depth = 0): boolean {
  if (depth > 20) {
    return false;
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    return true;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value);
  }
  if (Array.isArray(value)) {
    return value.every((v) => isMatrixValue(v, depth + 1));
  }
  return isPlainObject(value) && Object.values(value).every((v) => isMatrixValue(v, depth + 1));
}

/** Problems with a strategy, each saying how to fix it. */
export function strategyProblems(strategy: unknown): string[] {
  if (strategy === undefined) {
    return [];
  }
  if (!isPlainObject(strategy)) {
    return [`strategy is ${JSON.stringify(strategy) ?? String(strategy)}; give a matrix such as { domain: { python: ['3.12', '3.13'] } } or { shards: 4 }.`];
  }
  const s = strategy as JobStrategy;
  const problems: string[] = [];
  const domain = s.domain as unknown;
  if (domain !== undefined && !isPlainObject(domain)) {
    problems.push(`strategy.domain is ${JSON.stringify(domain) ?? String(domain)}; map each variable to its values, for example { python: ['3.12', '3.13'] }.`);
  }
  const domainKeys = isPlainObject(domain) ? Object.keys(domain) : [];
  for (const key of domainKeys) {
    const values = (domain as { [key: string]: unknown })[key];
    if (!KEY.test(key) || ['include', 'exclude'].includes(key.toLowerCase())) {
      problems.push(`strategy.domain has the variable ${JSON.stringify(key)}; a variable starts with a letter or _, contains only letters, digits, - and _, and is not "include" or "exclude".`);
    } else if (!Array.isArray(values) || values.length === 0 || !values.every((v) => isMatrixValue(v))) {
      problems.push(`strategy.domain.${key} is ${JSON.stringify(values) ?? String(values)}; give a non-empty list of strings, numbers, booleans or objects, for example ['3.12', '3.13'].`);
    } else if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) {
      problems.push(`strategy.domain.${key} lists a value twice; each value makes a job, so list it once.`);
    }
  }
  problems.push(...runtimeProblems(s, domainKeys));
  problems.push(...duplicateKeyProblems(domainKeys));
  if (s.shards !== undefined) {
    if (!isPositiveInteger(s.shards) || s.shards < 2 || s.shards > MAX_COMBINATIONS) {
      problems.push(`strategy.shards is ${JSON.stringify(s.shards) ?? String(s.shards)}; use a whole number from 2 to ${MAX_COMBINATIONS}, or leave it out.`);
    }
    if (domainKeys.some((key) => key.toLowerCase() === Matrix.SHARD_KEY)) {
      problems.push('strategy sets shards and a domain variable "shard"; shards adds "shard" itself, so rename your variable.');
    }
  }
  problems.push(...filterProblems(s, domainKeys));
  if (domainKeys.length === 0 && s.shards === undefined && s.include === undefined && s.domainFromJson === undefined && s.fromJson === undefined) {
    problems.push('strategy defines no combinations; set domain, domainFromJson, include, fromJson or shards.');
  }
  const lengths = domainKeys.map((key) => (domain as { [k: string]: unknown })[key]).map((values) => (Array.isArray(values) ? values.length : 1));
  const count = lengths.reduce((n, length) => n * length, 1) * (isPositiveInteger(s.shards) ? s.shards! : 1);
  if (count > MAX_COMBINATIONS) {
    problems.push(`strategy makes ${count} combinations; GitHub runs at most ${MAX_COMBINATIONS} jobs per matrix. Remove values or shards.${seeDocs(DOCS.matrix)}`);
  }
  if (s.failFast !== undefined && typeof s.failFast !== 'boolean') {
    problems.push(`strategy.failFast is ${JSON.stringify(s.failFast) ?? String(s.failFast)}; use true or false.`);
  }
  if (s.maxParallel !== undefined && !isPositiveInteger(s.maxParallel)) {
    problems.push(`strategy.maxParallel is ${JSON.stringify(s.maxParallel) ?? String(s.maxParallel)}; use a positive whole number.`);
  }
  return problems;
}

/** `domainFromJson` and `fromJson`: job outputs, and `fromJson` alone. */
function runtimeProblems(s: JobStrategy, domainKeys: readonly string[]): string[] {
  const problems: string[] = [];
  const fromJsonDomain = s.domainFromJson as unknown;
  if (fromJsonDomain !== undefined) {
    if (!isPlainObject(fromJsonDomain) || Object.keys(fromJsonDomain).length === 0) {
      problems.push(`strategy.domainFromJson is ${JSON.stringify(fromJsonDomain) ?? String(fromJsonDomain)}; map each variable to a job output that holds a JSON list, for example { arch: plan.output('architectures') }.`);
    } else {
      for (const [key, output] of Object.entries(fromJsonDomain)) {
        if (!KEY.test(key) || ['include', 'exclude'].includes(key.toLowerCase())) {
          problems.push(`strategy.domainFromJson has the variable ${JSON.stringify(key)}; a variable starts with a letter or _, contains only letters, digits, - and _, and is not "include" or "exclude".`);
        } else if (!(output instanceof JobOutput)) {
          problems.push(`strategy.domainFromJson.${key} is ${JSON.stringify(output) ?? String(output)}; give a job output, for example plan.output('${key}').`);
        } else if (domainKeys.some((d) => d.toLowerCase() === key.toLowerCase())) {
          problems.push(`strategy.domainFromJson.${key} is also a variable of strategy.domain; keep one of them.`);
        }
      }
    }
  }
  if (s.fromJson !== undefined) {
    if (!(s.fromJson instanceof JobOutput)) {
      problems.push(`strategy.fromJson is ${JSON.stringify(s.fromJson) ?? String(s.fromJson)}; give a job output that holds the matrix as JSON, for example plan.output('matrix').`);
    }
    const others = (['domain', 'domainFromJson', 'include', 'exclude', 'shards'] as const).filter((key) => s[key] !== undefined);
    if (others.length > 0) {
      problems.push(`strategy.fromJson reads the whole matrix at run time, but strategy also sets ${others.join(', ')}; put ${others.length === 1 ? 'it' : 'them'} in the JSON the job computes, or drop fromJson.`);
    }
  }
  return problems;
}

/** Variables GitHub reads as the same (matrix keys ignore case). */
function duplicateKeyProblems(domainKeys: readonly string[]): string[] {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const key of domainKeys) {
    const first = seen.get(key.toLowerCase());
    if (first !== undefined) {
      problems.push(`strategy.domain has both ${JSON.stringify(first)} and ${JSON.stringify(key)}, which GitHub reads as the same variable (matrix keys ignore case); keep one.`);
    }
    seen.set(key.toLowerCase(), key);
  }
  return problems;
}

/** `include` and `exclude` entries. */
function filterProblems(s: JobStrategy, domainKeys: readonly string[]): string[] {
  const problems: string[] = [];
  const lowerDomain = domainKeys.map((key) => key.toLowerCase());
  for (const list of ['include', 'exclude'] as const) {
    const entries = s[list] as unknown;
    if (entries === undefined) {
      continue;
    }
    const bad = (e: unknown) => !isPlainObject(e) || Object.keys(e).length === 0 || !isMatrixValue(e);
    if (!Array.isArray(entries) || entries.length === 0 || entries.some(bad)) {
      problems.push(`strategy.${list} is ${JSON.stringify(entries) ?? String(entries)}; give a non-empty list of non-empty maps of variable to value, for example [{ python: '3.13', experimental: true }].`);
      continue;
    }
    for (const entry of entries as { [key: string]: unknown }[]) {
      for (const key of Object.keys(entry)) {
        if (!KEY.test(key)) {
          problems.push(`strategy.${list} has the variable ${JSON.stringify(key)}; a variable starts with a letter or _ and contains only letters, digits, - and _.`);
        } else if (list === 'exclude' && !lowerDomain.includes(key.toLowerCase()) && !(key.toLowerCase() === Matrix.SHARD_KEY && s.shards !== undefined)
          && !Object.keys(s.domainFromJson ?? {}).some((k) => k.toLowerCase() === key.toLowerCase())) {
          problems.push(`strategy.exclude uses "${key}", which is not a variable of strategy.domain; exclude can only remove combinations of the domain.`);
        }
      }
    }
  }
  return problems;
}

/**
 * One message per `matrix.<key>` the job reads (`keys`, as written) that
 * the strategy does not define (`defined`; a typo would silently read '').
 * Keys are compared ignoring case, as GitHub does; a matrix computed at run
 * time (`defined` undefined) is not checked.
 */
export function matrixReferenceProblems(keys: readonly string[], defined: readonly string[] | undefined): string[] {
  if (defined === undefined) {
    return [];
  }
  const lower = defined.map((key) => key.toLowerCase());
  const unknown = [...new Set(keys.filter((key) => key !== '*' && !lower.includes(key.toLowerCase())))];
  return unknown.map((key) => (defined.length === 0
    ? `reads matrix.${key}, but the job has no strategy; add strategy: { domain: { ${key}: [...] } } or remove the reference.${seeDocs(DOCS.matrix)}`
    : `reads matrix.${key}, which the strategy does not define (it defines ${defined.join(', ')}); fix the name or add the variable.${seeDocs(DOCS.matrix)}`));
}

function isPlainObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
