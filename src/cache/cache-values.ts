/**
 * Internal helpers shared by the cache backends: checks on the values that
 * end up inside a `type=...,key=value` CSV string, and the expression that
 * gates a cache export on the write policy.
 */

/** A value that can sit inside BuildKit's CSV attributes without being split or quoted. */
const CSV_SAFE = /^[^,="'\s]+$/;

/** `[a-z0-9._-]`: a space or uppercase letter in a scope has broken caching. */
export const SCOPE_PATTERN = /^[a-z0-9._-]+$/;

/** A Go duration, as BuildKit's `timeout` parses it: `10m`, `1h30m`, `90s`. */
const GO_DURATION = /^(?:[0-9]+(?:\.[0-9]+)?(?:ns|us|µs|ms|s|m|h))+$/;

/** A GitHub secret name: letters, digits and `_`, not starting with a digit or `GITHUB_`. */
const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `JSON.stringify` that never returns undefined (for functions, symbols, undefined). */
export function show(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Problems with an optional string attribute that goes into a CSV string literally. */
export function checkCsvValue(name: string, value: unknown, example: string): string[] {
  if (value === undefined) {
    return [];
  }
  if (typeof value !== 'string' || !CSV_SAFE.test(value) || value.includes('${{')) {
    return [`${name} is ${show(value)}; give a non-empty value without spaces, commas, quotes, "=" or expressions, for example "${example}".`];
  }
  return [];
}

/** Problems with an optional boolean option. */
export function checkBoolean(name: string, value: unknown): string[] {
  if (value === undefined || typeof value === 'boolean') {
    return [];
  }
  return [`${name} is ${show(value)}; use true or false, or leave it out.`];
}

/** Problems with an optional Go duration (`timeout`, `touchRefresh`). */
export function checkDuration(name: string, value: unknown, example: string): string[] {
  if (value === undefined || (typeof value === 'string' && GO_DURATION.test(value))) {
    return [];
  }
  return [`${name} is ${show(value)}; give a Go duration such as "${example}" (units h, m, s, ms).`];
}

/** Problems with an optional integer option within `[min, max]`. */
export function checkInteger(name: string, value: unknown, min: number, max: number): string[] {
  if (value === undefined || (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max)) {
    return [];
  }
  return [`${name} is ${show(value)}; use a whole number from ${min} to ${max}.`];
}

/** Problems with an optional enum option. */
export function checkEnum(name: string, value: unknown, allowed: { [key: string]: string }, enumName: string): string[] {
  if (value === undefined || Object.values(allowed).includes(value as string)) {
    return [];
  }
  return [`${name} is ${show(value)}; use ${Object.keys(allowed).map((k) => `${enumName}.${k}`).join(', ')}.`];
}

/**
 * Problems with the name of a repository secret (never its value): the
 * workflow references it as `${{ secrets.<NAME> }}`.
 */
export function checkSecretName(name: string, value: unknown, example: string, required: boolean): string[] {
  if (value === undefined && !required) {
    return [];
  }
  if (typeof value !== 'string' || !SECRET_NAME.test(value) || value.toUpperCase().startsWith('GITHUB_')) {
    return [`${name} is ${show(value)}; give the NAME of a repository or organisation secret (letters, digits and _, not starting with GITHUB_), for example "${example}", never the secret's value.`];
  }
  return [];
}

/** `${{ secrets.NAME }}`. */
export function secretRef(name: string): string {
  return `\${{ secrets.${name} }}`;
}

/** `type=x,a=1,b=2` from ordered pairs, skipping undefined values. */
export function csv(type: string, attributes: ReadonlyArray<readonly [string, string | number | boolean | undefined]>): string {
  const parts = [`type=${type}`];
  for (const [key, value] of attributes) {
    if (value !== undefined) {
      parts.push(`${key}=${value}`);
    }
  }
  return parts.join(',');
}

/** An expression string literal: single quotes, `'` doubled. */
function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * `text` when `condition` holds, else `''`, as ONE expression. `text` may
 * itself contain `${{ expr }}` parts (e.g. `ghtoken=${{ github.token }}`):
 * they become arguments of `format()`, since expressions do not nest.
 */
export function gated(condition: string, text: string): string {
  const args: string[] = [];
  let literal = '';
  let last = 0;
  for (const match of text.matchAll(/\$\{\{\s*(.*?)\s*\}\}/g)) {
    literal += text.slice(last, match.index).replace(/[{}]/g, (c) => c + c);
    literal += `{${args.length}}`;
    args.push(match[1]);
    last = match.index! + match[0].length;
  }
  if (args.length === 0) {
    return `\${{ (${condition}) && ${quote(text)} || '' }}`;
  }
  literal += text.slice(last).replace(/[{}]/g, (c) => c + c);
  return `\${{ (${condition}) && format(${quote(literal)}, ${args.join(', ')}) || '' }}`;
}
