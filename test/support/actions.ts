/**
 * The `uses:` value the library writes for one of its actions by default
 * (SHA pinning), as YAML reads it back: `owner/repo[/path]@<sha>` (the
 * `# vX.Y.Z` after it is a comment). Taken from the action table, so a pin
 * moved there moves every expectation with it.
 */
import { ACTION_TABLE, ActionKey } from '../../src/actions/action-table';

export function pinnedUses(key: ActionKey, subPath?: string): string {
  const row = ACTION_TABLE[key];
  return `${row.repository}${subPath !== undefined ? `/${subPath}` : ''}@${row.pin.sha}`;
}
