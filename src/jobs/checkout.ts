/**
 * The checkout step a container job starts with, and how to change it.
 *
 * @see https://github.com/actions/checkout#usage
 */
import { isPositiveInteger } from './step-validation';
import type { ActionResolver } from '../actions/action-table';
import type { StepModel } from '../workflow/workflow-model';

/** Which Git submodules the checkout fetches. */
export enum CheckoutSubmodules {
  /** None (actions/checkout's default). */
  NONE = 'false',
  /** The top-level submodules. */
  TOP_LEVEL = 'true',
  /** All submodules, recursively. */
  RECURSIVE = 'recursive',
}

/**
 * How a job checks out the repository (with `actions/checkout`, credentials
 * never persisted in `.git/config`).
 */
export interface CheckoutOptions {
  /**
   * Check out at all. Turn it off when the image already holds everything
   * the steps need (e.g. the sources were copied in at build time).
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * How many commits to fetch; 0 fetches the whole history (for tools that
   * read tags or diff against the base branch).
   * @default 1
   */
  readonly fetchDepth?: number;
  /**
   * Download Git LFS files.
   * @default false
   */
  readonly lfs?: boolean;
  /**
   * Which submodules to fetch.
   * @default CheckoutSubmodules.NONE
   */
  readonly submodules?: CheckoutSubmodules;
  /**
   * Where to put the repository, relative to the workspace.
   * @default - the workspace itself
   */
  readonly path?: string;
}

/** The checkout step, or `undefined` when checkout is turned off. */
export function checkoutStep(actions: ActionResolver, options: CheckoutOptions | undefined): StepModel | undefined {
  const o = options ?? {};
  if (o.enabled === false) {
    return undefined;
  }
  const inputs: { [name: string]: string } = { 'persist-credentials': 'false' };
  if (o.fetchDepth !== undefined) {
    inputs['fetch-depth'] = String(o.fetchDepth);
  }
  if (o.lfs === true) {
    inputs.lfs = 'true';
  }
  if (o.submodules !== undefined && o.submodules !== CheckoutSubmodules.NONE) {
    inputs.submodules = o.submodules;
  }
  if (o.path !== undefined) {
    inputs.path = o.path;
  }
  return { name: 'Check out repository', ...actions.ref('checkout'), with: inputs };
}

/** Problems with `checkout`, each saying how to fix it. */
export function checkoutProblems(options: unknown): string[] {
  if (options === undefined) {
    return [];
  }
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    return [`checkout is ${JSON.stringify(options) ?? String(options)}; give checkout options such as { fetchDepth: 0 }, { enabled: false }, or leave it out.`];
  }
  const o = options as CheckoutOptions;
  const problems: string[] = [];
  for (const key of ['enabled', 'lfs'] as const) {
    if (o[key] !== undefined && typeof o[key] !== 'boolean') {
      problems.push(`checkout.${key} is ${JSON.stringify(o[key]) ?? String(o[key])}; use true or false.`);
    }
  }
  if (o.fetchDepth !== undefined && o.fetchDepth !== 0 && !isPositiveInteger(o.fetchDepth)) {
    problems.push(`checkout.fetchDepth is ${JSON.stringify(o.fetchDepth) ?? String(o.fetchDepth)}; use a whole number of commits, or 0 for the whole history.`);
  }
  if (o.submodules !== undefined && !Object.values(CheckoutSubmodules).includes(o.submodules)) {
    problems.push(`checkout.submodules is ${JSON.stringify(o.submodules) ?? String(o.submodules)}; use CheckoutSubmodules.NONE, TOP_LEVEL or RECURSIVE.`);
  }
  if (o.path !== undefined && (typeof o.path !== 'string' || o.path.trim() === '' || o.path.startsWith('/') || o.path.split(/[\\/]/).includes('..'))) {
    problems.push(`checkout.path is ${JSON.stringify(o.path) ?? String(o.path)}; give a directory inside the workspace, such as "src", without ".." or a leading /.`);
  }
  if (o.enabled === false) {
    const others = (['fetchDepth', 'lfs', 'submodules', 'path'] as const).filter((key) => o[key] !== undefined);
    if (others.length > 0) {
      problems.push(`checkout.enabled is false, but checkout also sets ${others.join(', ')}; remove ${others.length === 1 ? 'it' : 'them'} or turn checkout back on.`);
    }
  }
  return problems;
}
