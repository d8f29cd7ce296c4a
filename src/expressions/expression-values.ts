/**
 * The values of GitHub Actions expressions as the library's evaluator
 * (`expression-evaluator.ts`) sees them, with what is unknown at synth
 * time, and GitHub's rules on them: truthiness, `==` with its coercions,
 * `<`/`>`, and the string form of a value.
 *
 * GitHub's rules, from its engine (`@actions/expressions`, result.js):
 * falsy are `false`, `0`, `NaN`, `''` and `null`; before comparing, null and
 * booleans become numbers, and a string becomes a number against a number;
 * strings compare ignoring case; objects and arrays only equal themselves.
 */

/** A value nobody knows at synth time; `truthy` says whether it is known to be truthy or falsy. */
export class Unknown {
  constructor(readonly truthy?: boolean) {}
}

/**
 * A non-empty string whose text is unknown. Equal to an opaque value of the
 * same id; unequal to one of the same family with another id; known to
 * start with `prefix` when given (`refs/pull/` for a pull request's ref).
 */
export class Opaque {
  constructor(readonly id: string, readonly family?: string, readonly prefix?: string) {}
}

/** An object; keys compare case-insensitively. Reading a missing key gives `null`, or unknown when `open`. */
export class Dict {
  private readonly byKey: Map<string, Value>;
  constructor(entries: { readonly [key: string]: Value }, readonly open = false) {
    this.byKey = new Map(Object.entries(entries).map(([key, value]) => [key.toLowerCase(), value]));
  }

  public get(key: string): Value {
    const value = this.byKey.get(key.toLowerCase());
    return value !== undefined ? value : this.open ? new Unknown() : null;
  }
}

export type Value = null | boolean | number | string | readonly Value[] | Dict | Opaque | Unknown;

/** True, false, or undefined when unknown: GitHub's truthiness. */
export function truthiness(value: Value): boolean | undefined {
  if (value instanceof Unknown) {
    return value.truthy;
  }
  if (value === null) {
    return false;
  }
  if (typeof value === 'boolean') {
    return value;
  }
  if (typeof value === 'number') {
    return value !== 0 && !Number.isNaN(value);
  }
  if (typeof value === 'string') {
    return value !== '';
  }
  return true; // objects, arrays and opaque (non-empty) strings
}

export function isPrimitive(v: Value): v is Primitive {
  return v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string';
}

/** GitHub's ordinal ignore-case: upper case, except that the dotless ı stays as it is. */
export function upper(s: string): string {
  return s.split('ı').map((part) => part.toUpperCase()).join('ı');
}

export type Primitive = null | boolean | number | string;

export function toNumber(v: Primitive): number {
  return v === null ? 0 : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
}

/** GitHub's coercion before comparing: null and booleans to numbers, a string to a number against a number. */
function coerce(a: Primitive, b: Primitive): [Primitive, Primitive] {
  if (typeof a === typeof b && (a === null) === (b === null)) {
    return [a, b];
  }
  if (a === null || typeof a === 'boolean') {
    return coerce(toNumber(a), b);
  }
  if (b === null || typeof b === 'boolean') {
    return coerce(a, toNumber(b));
  }
  return typeof a === 'number' ? [a, toNumber(b)] : [toNumber(a), b];
}

/** `a == b`, or undefined when unknown. */
export function equals(a: Value, b: Value): boolean | undefined {
  if (a instanceof Unknown || b instanceof Unknown) {
    return undefined;
  }
  if (a instanceof Opaque || b instanceof Opaque) {
    const [o, other] = (a instanceof Opaque ? [a, b] : [b as Opaque, a]) as [Opaque, Value];
    if (other instanceof Opaque) {
      return other.id === o.id ? true : other.family !== undefined && other.family === o.family ? false : undefined;
    }
    if (typeof other === 'string') {
      return other === '' || (o.prefix !== undefined && !upper(other).startsWith(upper(o.prefix))) ? false : undefined;
    }
    return isPrimitive(other) ? undefined : false;
  }
  if (!isPrimitive(a) || !isPrimitive(b)) {
    return a === b;
  }
  const [l, r] = coerce(a, b);
  if (typeof l !== typeof r || (l === null) !== (r === null)) {
    return false;
  }
  if (typeof l === 'number') {
    return !Number.isNaN(l) && l === r;
  }
  return typeof l === 'string' ? upper(l) === upper(r as string) : l === r;
}

/** `a < b` (`less`) or `a > b`, or undefined when unknown. */
export function compare(a: Value, b: Value, less: boolean): boolean | undefined {
  if (!isPrimitive(a) || !isPrimitive(b)) {
    return a instanceof Unknown || b instanceof Unknown || a instanceof Opaque || b instanceof Opaque ? undefined : false;
  }
  const [l, r] = coerce(a, b);
  if (typeof l !== typeof r || l === null || r === null) {
    return false;
  }
  if (typeof l === 'number') {
    return Number.isNaN(l) || Number.isNaN(r as number) ? false : less ? l < (r as number) : l > (r as number);
  }
  if (typeof l === 'string') {
    return less ? upper(l) < upper(r as string) : upper(l) > upper(r as string);
  }
  return less ? !l && r === true : l && r === false;
}

/** The string form of a known value, as GitHub coerces it; undefined when unknown. */
export function coerceString(v: Value): string | undefined {
  if (v === null) {
    return '';
  }
  if (typeof v === 'boolean') {
    return v ? 'true' : 'false';
  }
  if (typeof v === 'number') {
    return v === 0 ? '0' : (+v.toFixed(15)).toString();
  }
  if (typeof v === 'string') {
    return v;
  }
  return v instanceof Dict ? 'Object' : Array.isArray(v) ? 'Array' : undefined;
}
