/**
 * A job's `strategy`: a matrix of values (one job per combination), and a
 * sharding helper that splits a test suite over N parallel jobs.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idstrategy
 */
import { isPositiveInteger } from './step-validation';
import { DOCS, seeDocs } from '../validation/docs-links';
import { expr } from '../workflow/expressions';
import type { StrategyModel } from '../workflow/workflow-model';

/** A matrix of job variants. */
export interface JobStrategy {
  /**
   * Each key is a matrix variable, each value the list of its values; the
   * job runs once per combination. Read a value with `Matrix.value('key')`.
   * @default - no variables besides `include` and `shards`
   */
  readonly domain?: { [key: string]: string[] };
  /**
   * Extra combinations, or extra variables added to matching combinations.
   * @default - none
   */
  readonly include?: { [key: string]: string }[];
  /**
   * Combinations to leave out; keys must be variables of `domain`.
   * @default - none
   */
  readonly exclude?: { [key: string]: string }[];
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
   * The expression of a matrix variable, `${{ matrix.<key> }}`, for step
   * `env`, `with`, names and images. Validation refuses a key that the job's
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
  const matrix: StrategyModel['matrix'] = {};
  for (const [key, values] of Object.entries(strategy.domain ?? {})) {
    matrix[key] = [...values];
  }
  if (strategy.shards !== undefined) {
    matrix[Matrix.SHARD_KEY] = Array.from({ length: strategy.shards }, (_, i) => String(i + 1));
  }
  if (strategy.include !== undefined) {
    matrix.include = strategy.include.map((entry) => ({ ...entry }));
  }
  if (strategy.exclude !== undefined) {
    matrix.exclude = strategy.exclude.map((entry) => ({ ...entry }));
  }
  return { matrix, failFast: strategy.failFast, maxParallel: strategy.maxParallel };
}

/** Job environment variables the strategy adds (the shard number and total). */
export function strategyEnv(strategy: JobStrategy | undefined): { [name: string]: string } {
  if (strategy?.shards === undefined) {
    return {};
  }
  return { [Matrix.SHARD_ENV]: Matrix.value(Matrix.SHARD_KEY), [Matrix.SHARD_TOTAL_ENV]: String(strategy.shards) };
}

/** The variables a strategy defines (domain, include and `shard`). */
export function matrixKeys(strategy: JobStrategy | undefined): string[] {
  if (strategy === undefined || strategy === null || typeof strategy !== 'object') {
    return [];
  }
  const keys = new Set<string>(isPlainObject(strategy.domain) ? Object.keys(strategy.domain) : []);
  if (strategy.shards !== undefined) {
    keys.add(Matrix.SHARD_KEY);
  }
  for (const entry of Array.isArray(strategy.include) ? strategy.include : []) {
    Object.keys(isPlainObject(entry) ? entry : {}).forEach((key) => keys.add(key));
  }
  return [...keys];
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
    if (!KEY.test(key) || key === 'include' || key === 'exclude') {
      problems.push(`strategy.domain has the variable ${JSON.stringify(key)}; a variable starts with a letter or _, contains only letters, digits, - and _, and is not "include" or "exclude".`);
    } else if (!Array.isArray(values) || values.length === 0 || values.some((v) => typeof v !== 'string')) {
      problems.push(`strategy.domain.${key} is ${JSON.stringify(values) ?? String(values)}; give a non-empty list of strings, for example ['3.12', '3.13'].`);
    } else if (new Set(values).size !== values.length) {
      problems.push(`strategy.domain.${key} lists a value twice; each value makes a job, so list it once.`);
    }
  }
  if (s.shards !== undefined) {
    if (!isPositiveInteger(s.shards) || s.shards < 2 || s.shards > MAX_COMBINATIONS) {
      problems.push(`strategy.shards is ${JSON.stringify(s.shards) ?? String(s.shards)}; use a whole number from 2 to ${MAX_COMBINATIONS}, or leave it out.`);
    }
    if (domainKeys.includes(Matrix.SHARD_KEY)) {
      problems.push('strategy sets shards and a domain variable "shard"; shards adds "shard" itself, so rename your variable.');
    }
  }
  for (const list of ['include', 'exclude'] as const) {
    const entries = s[list] as unknown;
    if (entries === undefined) {
      continue;
    }
    if (!Array.isArray(entries) || entries.length === 0 || entries.some((e) => !isPlainObject(e) || Object.keys(e).length === 0 || Object.values(e).some((v) => typeof v !== 'string'))) {
      problems.push(`strategy.${list} is ${JSON.stringify(entries) ?? String(entries)}; give a non-empty list of non-empty maps of variable to string value, for example [{ python: '3.13', experimental: 'true' }].`);
      continue;
    }
    for (const entry of entries as { [key: string]: string }[]) {
      for (const key of Object.keys(entry)) {
        if (!KEY.test(key)) {
          problems.push(`strategy.${list} has the variable ${JSON.stringify(key)}; a variable starts with a letter or _ and contains only letters, digits, - and _.`);
        } else if (list === 'exclude' && !domainKeys.includes(key) && !(key === Matrix.SHARD_KEY && s.shards !== undefined)) {
          problems.push(`strategy.exclude uses "${key}", which is not a variable of strategy.domain; exclude can only remove combinations of the domain.`);
        }
      }
    }
  }
  if (domainKeys.length === 0 && s.shards === undefined && s.include === undefined) {
    problems.push('strategy defines no combinations; set domain, include or shards.');
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

/**
 * One message per `matrix.<key>` read inside `${{ }}` in `texts` that the
 * strategy does not define (a typo would silently read '').
 */
export function matrixReferenceProblems(texts: readonly string[], strategy: JobStrategy | undefined): string[] {
  const defined = matrixKeys(strategy);
  const unknown = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/\$\{\{([^}]*)\}\}/g)) {
      for (const ref of match[1].matchAll(/\bmatrix\.([A-Za-z0-9_-]+)/g)) {
        if (!defined.includes(ref[1])) {
          unknown.add(ref[1]);
        }
      }
    }
  }
  return [...unknown].map((key) => (defined.length === 0
    ? `reads matrix.${key}, but the job has no strategy; add strategy: { domain: { ${key}: [...] } } or remove the reference.${seeDocs(DOCS.matrix)}`
    : `reads matrix.${key}, which the strategy does not define (it defines ${defined.join(', ')}); fix the name or add the variable.${seeDocs(DOCS.matrix)}`));
}

function isPlainObject(value: unknown): value is object {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
