/**
 * The shape of a `uses:` reference, shared by the action table and the
 * overrides it takes (the workflow's `actions` prop, projen's
 * `project.github.actions`).
 */

/** `owner/repo[/path]@ref`, as GitHub accepts it for a public action. */
export const USES_PATTERN = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[A-Za-z0-9_./-]+)?@[A-Za-z0-9_./-]+$/;

/** An override with a trailing comment: `owner/repo@<sha> # v1.2.3`. */
export const WITH_COMMENT = /^(\S+)\s+#\s*(\S.*?)\s*$/;

/** A full commit SHA. */
export const FULL_SHA = /^[0-9a-f]{40}$/;

/** The `uses:` value of an override as the renderer takes it: `ref # comment` (the comment becomes a YAML comment). */
export function overrideUses(override: string): string {
  const match = WITH_COMMENT.exec(override);
  return match ? `${match[1]} # ${match[2]}` : override;
}

/** The reference part of an override (without its comment), or undefined when it is not a string. */
export function overrideReference(value: unknown): string | undefined {
  return typeof value === 'string' ? (WITH_COMMENT.exec(value)?.[1] ?? value) : undefined;
}
