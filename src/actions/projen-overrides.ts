/**
 * projen's own action overrides: a project with projen's `GitHub`
 * component has `project.github.actions` (`GitHubActionsProvider`), where
 * `set('actions/checkout', 'actions/checkout@<sha>')` replaces every use of
 * an action in projen's workflows and `set('actions/checkout@v5', ...)` one
 * version of it. Its `get(action)` takes `owner/repo@ref`, returns the
 * override for that exact string, else the one for `owner/repo`, else the
 * string unchanged (projen 0.98, `lib/github/actions-provider.js`).
 *
 * The library asks it for each action it emits as `owner/repo@<major of the
 * action table>` (`actions/checkout@v7`), so an override by name applies to
 * the library's workflows too, and one for another version
 * (`actions/checkout@v5`, the major projen's workflows use) does not.
 * Precedence: the workflow's own `actions` prop, then projen's override,
 * then the table.
 */
import { ActionPinning } from './action-pinning';
import { FULL_SHA, overrideReference, USES_PATTERN } from './action-reference';

/** What the library reads of projen's `GitHubActionsProvider`. */
export interface ProjenActionLookup {
  get(action: string): string;
}

/** The string the library asks projen for: `owner/repo@<major>`. */
export function projenQuery(repository: string, major: string): string {
  return `${repository}@${major}`;
}

/** projen's override of `query`, or undefined when it has none (it returns the query unchanged). */
export function projenOverride(lookup: ProjenActionLookup | undefined, query: string): unknown {
  if (lookup === undefined || typeof lookup.get !== 'function') {
    return undefined;
  }
  const value: unknown = lookup.get(query);
  return value === query ? undefined : value;
}

/**
 * Why projen's override `value` of `query` cannot be written (for the
 * library's action `key`), if it cannot: it is no `owner/repo@ref`, or the
 * workflow pins by SHA and the override names a tag or branch, which anyone
 * who can push to the action's repository can move.
 */
export function projenOverrideProblem(value: unknown, query: string, key: string, pinning: ActionPinning): string | undefined {
  const repository = query.slice(0, query.indexOf('@'));
  const reference = overrideReference(value);
  const given = `project.github.actions overrides ${query} with ${JSON.stringify(value) ?? String(value)}`;
  if (reference === undefined || !USES_PATTERN.test(reference)) {
    return `${given}, which is not a valid action reference; set it to owner/repo@ref, e.g. project.github.actions.set('${repository}', '${repository}@<40-hex commit SHA>').`;
  }
  const ref = reference.slice(reference.lastIndexOf('@') + 1);
  if (pinning === ActionPinning.SHA && !FULL_SHA.test(ref)) {
    return `${given}, a tag or branch that can move, but this workflow pins actions by commit (pinning: ActionPinning.SHA); ` +
      `set it to a full commit SHA (project.github.actions.set('${repository}', '${repository}@<40-hex commit SHA>')), ` +
      `give this workflow its own actions: { ${key}: '${repository}@<40-hex commit SHA> # vX.Y.Z' } (which wins over projen's overrides), or use pinning: ActionPinning.MAJOR.`;
  }
  return undefined;
}
