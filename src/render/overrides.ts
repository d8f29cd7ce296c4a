/**
 * Escape hatches, as projen's files have them: `addOverride(path, value)` and
 * `addDeletionOverride(path)` on a workflow or a job, applied to the rendered
 * plain data (GitHub's key names) after everything else, in the order they
 * were added. The result still goes through the same emitter, so it is as
 * deterministic as the rest, and the judge and the drift check see it.
 *
 * A path is dot-separated keys (`jobs.deploy.timeout-minutes`); `\.` is a
 * literal dot inside a key; a number indexes an existing list
 * (`steps.0.with.fetch-depth`, or the list's length to append).
 */
import type { YamlValue } from './yaml-emitter';

type Plain = { [key: string]: unknown };

/** One override: the path's keys and the value (`undefined` deletes). */
interface Override {
  readonly path: string;
  readonly keys: readonly string[];
  readonly value: unknown;
}

/** The keys of a path: split on dots that are not escaped. */
export function splitPath(path: string): string[] {
  const keys: string[] = [];
  let current = '';
  for (let i = 0; i < path.length; i++) {
    if (path[i] === '\\' && path[i + 1] === '.') {
      current += '.';
      i++;
    } else if (path[i] === '.') {
      keys.push(current);
      current = '';
    } else {
      current += path[i];
    }
  }
  keys.push(current);
  return keys;
}

/** True for data the emitter can write: strings, finite numbers, booleans, lists and plain objects of those. */
function isPlainData(value: unknown, depth = 0): boolean {
  if (depth > 50) {
    return false;
  }
  if (typeof value === 'string' || typeof value === 'boolean') {
    return true;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value);
  }
  if (Array.isArray(value)) {
    return value.every((v) => v !== undefined && isPlainData(v, depth + 1));
  }
  return value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype
    && Object.values(value).every((v) => v === undefined || isPlainData(v, depth + 1));
}

function copy(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/** The overrides of one workflow or job, in the order they were added. */
export class Overrides {
  private readonly list: Override[] = [];

  /** Records an override; `value` undefined deletes the key. The value is copied now. */
  public add(path: string, value: unknown): void {
    this.list.push({ path, keys: typeof path === 'string' ? splitPath(path) : [], value: isPlainData(value) ? copy(value) : value });
  }

  /** True when nothing was recorded. */
  public get isEmpty(): boolean {
    return this.list.length === 0;
  }

  /** The recorded paths, for routing (`jobs.<id>...` of a workflow to that job). */
  public get entries(): ReadonlyArray<{ readonly keys: readonly string[]; readonly value: unknown; readonly path: string }> {
    return this.list;
  }

  /** Problems with the overrides themselves (bad paths or values), before anything is rendered. */
  public problems(label: string): string[] {
    const problems: string[] = [];
    for (const o of this.list) {
      if (typeof o.path !== 'string' || o.keys.some((key) => key === '')) {
        problems.push(`${label}(${JSON.stringify(o.path) ?? String(o.path)}) is not a path; give dot-separated keys such as "timeout-minutes" or "steps.0.with.fetch-depth" (\\. for a dot inside a key).`);
      } else if (o.value !== undefined && !isPlainData(o.value)) {
        problems.push(`${label}(${JSON.stringify(o.path)}) sets ${JSON.stringify(o.value) ?? String(o.value)}; give strings, finite numbers, booleans, lists or plain objects of those.`);
      }
    }
    return problems;
  }

  /**
   * Applies every override to `target` (mutated), each `prefix` keys deep
   * (0 for all of them); returns what could not be applied (an index past
   * the end of a list), each naming its path.
   */
  public applyTo(target: Plain, skip = 0): string[] {
    const problems: string[] = [];
    for (const o of this.list) {
      const problem = applyOne(target, o.keys.slice(skip), o.value);
      if (problem !== undefined) {
        problems.push(`override "${o.path}" ${problem}`);
      }
    }
    return problems;
  }
}

/** Sets or deletes `keys` in `target`; a problem phrase, or undefined. */
function applyOne(target: Plain, keys: readonly string[], value: unknown): string | undefined {
  let node: unknown = target;
  for (let i = 0; i < keys.length - 1; i++) {
    const key = keys[i];
    const container = node as Plain | unknown[];
    let next = Array.isArray(container) ? container[indexOf(key, container) ?? -1] : (container as Plain)[key];
    if (Array.isArray(container) && indexOf(key, container) === undefined) {
      return `indexes the list at "${keys.slice(0, i + 1).join('.')}" with "${key}", which is not an index from 0 to ${container.length - 1}`;
    }
    if (next === null || typeof next !== 'object') {
      if (value === undefined) {
        return undefined; // nothing to delete
      }
      next = {};
      if (Array.isArray(container)) {
        container[Number(key)] = next;
      } else {
        (container as Plain)[key] = next;
      }
    }
    node = next;
  }
  const last = keys[keys.length - 1];
  if (Array.isArray(node)) {
    const index = /^\d+$/.test(last) ? Number(last) : -1;
    if (index < 0 || index > node.length || (value === undefined && index === node.length)) {
      return `indexes a list of ${node.length} with "${last}"; use 0 to ${node.length - (value === undefined ? 1 : 0)}`;
    }
    if (value === undefined) {
      node.splice(index, 1);
    } else {
      node[index] = copy(value);
    }
    return undefined;
  }
  if (value === undefined) {
    delete (node as Plain)[last];
  } else {
    (node as Plain)[last] = copy(value);
  }
  return undefined;
}

/** The list index `key` names in `list`, or undefined. */
function indexOf(key: string, list: unknown[]): number | undefined {
  return /^\d+$/.test(key) && Number(key) < list.length ? Number(key) : undefined;
}

/** The value as the emitter's type (overrides only ever hold plain data). */
export function asYaml(value: unknown): YamlValue {
  return value as YamlValue;
}
