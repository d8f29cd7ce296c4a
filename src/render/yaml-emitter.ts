/**
 * A small, deterministic YAML emitter for GitHub Actions workflow files.
 *
 * Why not `YAML.stringify`: its output depends on library version and
 * options (line folding, anchors for shared objects, quoting heuristics),
 * and a generated workflow must be byte-for-byte stable and read back as the
 * same strings by every YAML 1.1 and 1.2 parser GitHub or a user might run.
 * This emitter only ever writes block maps/sequences, plain or quoted
 * one-line scalars and literal block scalars, and never folds a line.
 */

/**
 * A one-line string scalar followed by a comment on the same line:
 * `uses: owner/repo@<sha> # v1.2.3`. The value follows the usual scalar rules
 * (plain when safe, which keeps a `uses:` reference unquoted) and the comment
 * is written after ` # `, outside any quotes, so it never becomes part of the
 * value.
 */
export class CommentedScalar {
  constructor(
    /** The string value. */
    public readonly value: string,
    /** The comment text, one line, without the leading `#`. */
    public readonly comment: string,
  ) {}
}

/**
 * A map followed, on its key's line, by a comment: `workflow_run: # <comment>`.
 * Written like the plain map otherwise (`key: {} # <comment>` when empty).
 */
export class CommentedMap {
  constructor(
    /** The map. */
    public readonly value: { [key: string]: YamlValue | undefined },
    /** The comment text, one line, without the leading `#`. */
    public readonly comment: string,
  ) {}
}

/**
 * A map whose values are produced only when the emitter writes them, so that
 * a large document (a workflow's jobs) never has to exist as data all at
 * once: each value can be dropped as soon as it is written. Written exactly
 * like the plain object with the same keys in the same order.
 */
export class LazyMap {
  constructor(
    /** The keys, in order. */
    public readonly keys: readonly string[],
    /** The value of `keys[index]`; `undefined` leaves the key out, as in a plain object. */
    public readonly valueAt: (index: number) => YamlValue | undefined,
  ) {}
}

/** A JSON-like value the emitter accepts. `undefined` members of maps are dropped. */
export type YamlValue = string | number | boolean | null | CommentedScalar | CommentedMap | LazyMap | YamlValue[]
  | { [key: string]: YamlValue | undefined };

export interface EmitOptions {
  /** comment lines written first, each prefixed with '# ' */
  readonly headerComments?: string[];
}

type YamlMap = { [key: string]: YamlValue | undefined };

const INDENT = 2;

/** Parsers reject implicit keys longer than 1024 chars, so longer keys use the explicit `? key` form. */
const MAX_IMPLICIT_KEY = 1000;

/** Scalars that YAML 1.1 (booleans, null, merge/value keys) or 1.2 would read as something other than a string. */
const NON_STRING_WORDS = /^(?:y|n|yes|no|true|false|on|off|null|~|=|<<)$/i;

/**
 * YAML's c-printable set, minus U+0085/U+2028/U+2029 (line breaks in YAML 1.1)
 * and U+FEFF (a BOM), which must never appear raw or a 1.1 parser may split or drop them.
 * Lone surrogates fall outside every range, so they are escaped too.
 */
function isPrintable(cp: number): boolean {
  return (cp >= 0x20 && cp <= 0x7e)
    || (cp >= 0xa0 && cp <= 0xd7ff && cp !== 0x2028 && cp !== 0x2029)
    || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
    || cp >= 0x10000;
}

/** Any char outside printable ASCII (U+0020..U+007E): only then is the per-code-point check needed. */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/** True when every code point of `s` is printable or one of `allowed` (e.g. '\n\t'). */
function onlyPrintable(s: string, allowed = ''): boolean {
  if (!NOT_PRINTABLE_ASCII.test(s)) return true;
  for (const ch of s) {
    if (!isPrintable(ch.codePointAt(0)!) && !allowed.includes(ch)) return false;
  }
  return true;
}

/** true when `s` can be written as a plain (unquoted) scalar without being retyped or misparsed */
export function isPlainSafe(s: string): boolean {
  if (s === '' || !onlyPrintable(s)) return false;
  // `\s` also covers Unicode spaces such as U+00A0, which editors and parsers may trim.
  if (/^\s|\s$/.test(s)) return false;
  // Letters and a few harmless symbols only: every indicator (`-?:,[]{}#&*!|>'"%@\``), every
  // digit/sign/dot (numbers, dates, sexagesimals, .inf/.nan) and `<<`/`=` are excluded here.
  // A leading dot is allowed for relative paths (`./x`, `../x`) but `...` is a document marker.
  if (!/^[A-Za-z_$/(]/.test(s) && !/^\.(?:\/|\.(?!\.))/.test(s)) return false;
  if (NON_STRING_WORDS.test(s)) return false;
  // An exponent without a mantissa (`e6`, `E+10`): the `yaml` package's YAML 1.1 schema reads it as a float.
  if (/^[eE][-+]?[0-9]+$/.test(s)) return false;
  // `: ` starts a mapping value, ` #` a comment; a trailing `:` would make the scalar a key.
  return !s.includes(': ') && !s.includes(' #') && !s.endsWith(':');
}

/** Single quotes have one escape (`''`) and no control chars, so use them only for printable, tab-free text. */
function singleQuote(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

const SHORT_ESCAPES: { [ch: string]: string } = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\t': '\\t', '\r': '\\r' };

/** Double quotes can represent any string on one line; everything non-printable becomes `\uXXXX`. */
function doubleQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (SHORT_ESCAPES[ch] !== undefined) {
      out += SHORT_ESCAPES[ch];
    } else if (isPrintable(cp)) {
      out += ch;
    } else {
      out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return `${out}"`;
}

/** The one-line form of a string: plain if safe, else single-quoted, else double-quoted. */
function inlineString(s: string): string {
  if (isPlainSafe(s)) return s;
  return onlyPrintable(s) ? singleQuote(s) : doubleQuote(s);
}

interface LiteralBlock {
  readonly header: string;
  readonly lines: string[];
}

/**
 * The literal block (`|`) form of a multi-line string, or undefined when a block
 * could not reproduce it exactly. Block content is raw, so any non-printable
 * char (including `\r`, which parsers normalise to `\n`) rules it out, as does
 * a string without visible text (indentation would be undetectable).
 * Lines are returned without indentation; empty lines stay empty.
 */
function literalBlock(s: string): LiteralBlock | undefined {
  if (!onlyPrintable(s, '\n\t')) return undefined;
  const body = s.replace(/\n+$/, '');
  const trailing = s.length - body.length;
  if (!/[^ \t\n]/.test(body)) return undefined;
  const lines = body.split('\n');
  const first = lines.findIndex((l) => /[^ \t]/.test(l));
  // Parsers detect the content indentation from the first non-empty line; when
  // that line starts with whitespace, or a whitespace-only line comes first,
  // detection would be wrong, so state the indentation explicitly.
  const explicit = /^[ \t]/.test(lines[first]) || lines.slice(0, first).some((l) => l !== '');
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  for (let i = 1; i < trailing; i++) lines.push('');
  return { header: `|${explicit ? INDENT : ''}${chomp}`, lines };
}

/** Mutable state of one emit: output lines, the path for error messages and the objects being written (cycle check). */
interface Ctx {
  readonly out: string[];
  /** Map keys and sequence indexes from the root to the node being written. */
  readonly path: Array<string | number>;
  readonly open: Set<object>;
}

function fail(ctx: Ctx, message: string): never {
  const where = ctx.path.map((p) => (typeof p === 'number' ? `[${p}]` : JSON.stringify(p))).join('.');
  throw new Error(`emitYaml: ${message} at ${where !== '' ? where : '<root>'}`);
}

function isPlainObject(v: unknown): v is YamlMap {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function scalarText(ctx: Ctx, value: unknown): string {
  if (typeof value === 'string') return inlineString(value);
  if (value instanceof CommentedScalar) return commentedText(ctx, value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(ctx, `non-finite number ${value} is not supported`);
    return String(value);
  }
  // GitHub's schema wants null for an event without filters (`create:`).
  if (value === null) return 'null';
  return fail(ctx, `unsupported value of type ${typeof value}`);
}

/** `value # comment`; both must be one line of printable text (a block scalar cannot carry the comment). */
function commentedText(ctx: Ctx, scalar: CommentedScalar): string {
  const { value, comment } = scalar;
  if (typeof value !== 'string' || !onlyPrintable(value, '\t') || typeof comment !== 'string' || !onlyPrintable(comment, '\t')) {
    fail(ctx, 'a commented scalar must be one line of printable text with a one-line comment');
  }
  return comment === '' ? inlineString(value) : `${inlineString(value)} # ${comment}`;
}

/**
 * Writes `value` after `prefix` (a `key:`, `?`, `:` or `-` indicator that starts
 * at column `indent`). Nested collections go on the following lines at
 * `indent + 2`; under a `-` they are compact, sharing the dash's line.
 * `atEnd` marks the last node of the document: a `|+` block there would end
 * the file with several newlines, so it is double-quoted instead.
 */
function writeNode(ctx: Ctx, prefix: string, value: unknown, indent: number, atEnd: boolean): void {
  if (value instanceof CommentedMap) {
    if (typeof value.comment !== 'string' || !onlyPrintable(value.comment, '\t') || value.comment === '' || prefix.endsWith('-')) {
      fail(ctx, 'a commented map must be a map value with a one-line comment');
    }
    const line = ctx.out.length;
    writeNode(ctx, prefix, value.value, indent, atEnd);
    ctx.out[line] = `${ctx.out[line]} # ${value.comment}`;
    return;
  }
  const compact = prefix.endsWith('-');
  if (Array.isArray(value) || isPlainObject(value) || value instanceof LazyMap) {
    const isSeq = Array.isArray(value);
    if (ctx.open.has(value)) fail(ctx, 'circular reference');
    ctx.open.add(value);
    // Under a key, the key's line comes first; under a dash, the first member shares the dash's line.
    if (!compact) ctx.out.push(prefix);
    const start = ctx.out.length;
    if (isSeq) writeSeq(ctx, value, indent + INDENT, atEnd);
    else if (value instanceof LazyMap) writeLazyMap(ctx, value, indent + INDENT, atEnd);
    else writeMap(ctx, value, indent + INDENT, atEnd);
    ctx.open.delete(value);
    if (ctx.out.length === start) {
      // Empty, or a map whose members were all undefined: write it inline.
      const inline = `${prefix} ${isSeq ? '[]' : '{}'}`;
      if (compact) ctx.out.push(inline);
      else ctx.out[start - 1] = inline;
    } else if (compact) {
      ctx.out[start] = `${prefix} ${ctx.out[start].slice(indent + INDENT)}`;
    }
    return;
  }
  const block = typeof value === 'string' && value.includes('\n') ? literalBlock(value) : undefined;
  if (block && !(atEnd && block.header.endsWith('+'))) {
    ctx.out.push(`${prefix} ${block.header}`);
    const pad = ' '.repeat(indent + INDENT);
    for (const line of block.lines) ctx.out.push(line === '' ? '' : pad + line);
    return;
  }
  ctx.out.push(`${prefix} ${scalarText(ctx, value)}`);
}

function writeSeq(ctx: Ctx, items: unknown[], indent: number, atEnd: boolean): void {
  const pad = ' '.repeat(indent);
  items.forEach((item, i) => {
    ctx.path.push(i);
    if (item === undefined) fail(ctx, 'undefined is not supported in sequences');
    writeNode(ctx, `${pad}-`, item, indent, atEnd && i === items.length - 1);
    ctx.path.pop();
  });
}

function writeMap(ctx: Ctx, map: YamlMap, indent: number, atEnd: boolean): void {
  const keys = Object.keys(map).filter((k) => map[k] !== undefined);
  keys.forEach((key, i) => writeEntry(ctx, key, map[key], indent, atEnd && i === keys.length - 1));
}

/** A {@link LazyMap}: each value is asked for once, written, and not kept. */
function writeLazyMap(ctx: Ctx, map: LazyMap, indent: number, atEnd: boolean): void {
  // Which entry is the last defined one matters only at the end of the document (see writeNode).
  let pending: { key: string; value: YamlValue } | undefined;
  map.keys.forEach((key, i) => {
    const value = map.valueAt(i);
    if (value === undefined) return;
    if (pending !== undefined) writeEntry(ctx, pending.key, pending.value, indent, false);
    pending = { key, value };
  });
  if (pending !== undefined) writeEntry(ctx, pending.key, pending.value, indent, atEnd);
}

function writeEntry(ctx: Ctx, key: string, value: YamlValue | undefined, indent: number, last: boolean): void {
  const pad = ' '.repeat(indent);
  ctx.path.push(key);
  const keyText = inlineString(key);
  if (keyText.length > MAX_IMPLICIT_KEY) {
    ctx.out.push(`${pad}? ${keyText}`);
    writeNode(ctx, `${pad}:`, value, indent, last);
  } else {
    writeNode(ctx, `${pad}${keyText}:`, value, indent, last);
  }
  ctx.path.pop();
}

/** Emits `value` as a YAML document; the same input always yields the same text. */
export function emitYaml(value: { [key: string]: YamlValue | undefined }, options: EmitOptions = {}): string {
  const ctx: Ctx = { out: [], path: [], open: new Set() };
  for (const line of options.headerComments ?? []) {
    if (!onlyPrintable(line, '\t')) {
      throw new Error(`emitYaml: header comment must be one line of printable text: ${JSON.stringify(line)}`);
    }
    ctx.out.push(line === '' ? '#' : `# ${line}`);
  }
  if (!isPlainObject(value)) fail(ctx, 'the document must be a plain object');
  const start = ctx.out.length;
  ctx.open.add(value);
  writeMap(ctx, value, 0, true);
  if (ctx.out.length === start) ctx.out.push('{}');
  return `${ctx.out.join('\n')}\n`;
}
