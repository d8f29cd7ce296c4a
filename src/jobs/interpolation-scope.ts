/**
 * Where a job's steps run, as the script-injection check needs it: the
 * literal env values a step sees, the matrix variables whose values are all
 * literals, and the inputs nobody can fill with text.
 */
import type { JobProps } from './job-props';
import type { InterpolationScope } from './script-interpolation';
import { sameEnvName } from './step-validation';
import type { Workflow } from '../workflow/workflow';

/** True for a matrix value without expressions. */
function literal(value: unknown): boolean {
  if (typeof value === 'string') {
    return !value.includes('${{');
  }
  if (Array.isArray(value)) {
    return value.every(literal);
  }
  if (value !== null && typeof value === 'object') {
    return Object.values(value).every(literal);
  }
  return typeof value === 'number' || typeof value === 'boolean';
}

/** The scope of the steps of a job with `props` in `workflow` (which may be invalid: nothing here throws). */
export function interpolationScope(workflow: Workflow, props: JobProps): InterpolationScope {
  const maps = [props.env, workflow._env];
  return {
    envValue: (name, stepEnv) => {
      // outputEnv values are job outputs: never static.
      if (sameEnvName(props.outputEnv, name) !== undefined && sameEnvName(stepEnv, name) === undefined) {
        return undefined;
      }
      for (const map of [stepEnv, ...maps]) {
        const key = sameEnvName(map, name);
        if (key !== undefined) {
          const value = (map as { [k: string]: unknown })[key];
          return typeof value === 'string' ? value : undefined;
        }
      }
      return undefined;
    },
    staticMatrixKey: (key) => {
      const s = props.strategy;
      if (s === null || typeof s !== 'object' || s.fromJson !== undefined) {
        return false;
      }
      const lower = key.toLowerCase();
      if (Object.keys(s.domainFromJson ?? {}).some((k) => k.toLowerCase() === lower)) {
        return false;
      }
      if (s.shards !== undefined && lower === 'shard') {
        return true;
      }
      const domain = Object.entries(s.domain ?? {}).find(([k]) => k.toLowerCase() === lower);
      const included = (Array.isArray(s.include) ? s.include : []).flatMap((entry) =>
        Object.entries(entry !== null && typeof entry === 'object' ? entry : {}).filter(([k]) => k.toLowerCase() === lower).map(([, v]) => v));
      return (domain !== undefined || included.length > 0) && literal(domain?.[1] ?? []) && literal(included);
    },
    fixedInput: (name) => workflow._inputIsFixed(name),
  };
}
