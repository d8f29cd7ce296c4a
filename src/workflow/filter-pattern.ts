/**
 * Checks the glob patterns of trigger filters (`branches`, `tags`, `paths`
 * and their `-ignore` forms) the way GitHub's filter syntax and actionlint
 * read them, so a pattern that GitHub would refuse or never match is
 * reported at synth time instead of after a push.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#filter-pattern-cheat-sheet
 * @see `man git-check-ref-format` (what a branch or tag name may contain)
 */

/** Characters no branch or tag name can contain. */
const REF_FORBIDDEN = new Set([' ', '\t', '~', '^', ':']);

/** Control characters, line breaks, a BOM and lone surrogates: never part of a ref or a path pattern. */
function isUnprintable(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff);
}

/**
 * GitHub matches path patterns against paths relative to the repository root
 * (`src/app.ts`), so a pattern that starts with `/`, `./` or `../` matches
 * nothing and the workflow silently never runs for those changes (actionlint
 * does not report it: rhysd/actionlint#521).
 */
function rootedPathProblem(body: string, negation: string): string | undefined {
  const prefix = /^(?:\.{1,2}\/|\/)+/.exec(body)?.[0];
  if (prefix === undefined) {
    return undefined;
  }
  const rest = body.slice(prefix.length);
  if (prefix.includes('..')) {
    return `${negation ? 'its path ' : ''}starts with "${prefix}", but GitHub matches paths inside the repository, relative to its root, so it never matches; name the path from the root, for example "src/**"`;
  }
  const fix = rest === '' ? '**' : rest;
  return `${negation ? 'its path ' : ''}starts with "${prefix}", but GitHub matches paths relative to the repository root without it, so it never matches; write "${negation}${fix}"`;
}

/**
 * What is wrong with one filter pattern, or undefined when it is fine.
 * `isRef` is true for branch and tag patterns, false for path patterns.
 */
export function filterPatternProblem(pattern: string, isRef: boolean): string | undefined {
  const chars = [...pattern];
  const bad = chars.find((ch) => isUnprintable(ch.codePointAt(0)!));
  if (bad !== undefined) {
    return `contains the control character ${JSON.stringify(bad)}; a pattern is one line of printable text`;
  }
  if (pattern.includes('${{')) {
    return 'contains "${{", but GitHub evaluates no expressions in triggers; write the pattern literally';
  }
  if (!isRef && /^\s|\s$/.test(pattern)) {
    return 'starts or ends with whitespace, which GitHub refuses in a path pattern';
  }
  const what = isRef ? 'a branch or tag name' : 'a path';
  let i = 0;
  if (chars[0] === '!') {
    if (chars.length === 1) {
      return 'is "!" alone; "!" negates the pattern that follows it, for example "!docs/**"';
    }
    i = 1;
  } else if (isRef && chars[0] === '/') {
    return `starts with "/", which ${what} cannot`;
  }
  if (!isRef) {
    const problem = rootedPathProblem(chars.slice(i).join(''), chars[0] === '!' ? '!' : '');
    if (problem !== undefined) {
      return problem;
    }
  }
  // Whether the previous character is a plain one, which `?` and `+` repeat.
  let afterPlain = false;
  for (; i < chars.length; i++) {
    const c = chars[i];
    if (c === '\\') {
      const next = chars[i + 1];
      if (next !== undefined && '[?*'.includes(next)) {
        if (isRef) {
          return `escapes "${next}", but ${what} cannot contain "${next}"`;
        }
        i++;
      } else if (next !== undefined && '+\\!'.includes(next)) {
        i++;
      } else if (isRef) {
        return `contains "\\\\" not followed by one of [ ? * + \\\\ !; ${what} cannot contain "\\\\"`;
      }
      afterPlain = true;
    } else if (c === '?' || c === '+') {
      if (!afterPlain) {
        return `has "${c}" after a special character or at the start; "${c}" repeats the plain character before it (escape it as "\\\\${c}" to match it literally)`;
      }
      afterPlain = false;
    } else if (c === '*') {
      afterPlain = false;
    } else if (c === '[') {
      const close = chars.indexOf(']', i + 1);
      if (close === -1) {
        return 'has "[" without a closing "]"';
      }
      const body = chars.slice(i + 1, close);
      if (body.length === 0) {
        return 'has an empty character match "[]"';
      }
      let matched = 0;
      for (let j = 0; j < body.length; j++) {
        if (body[j + 1] !== '-') {
          matched++;
          continue;
        }
        if (j + 2 >= body.length) {
          return `has a character range without an end in "[${body.join('')}]"`;
        }
        if (body[j].codePointAt(0)! > body[j + 2].codePointAt(0)!) {
          return `has the character range "${body[j]}-${body[j + 2]}", whose start is after its end`;
        }
        matched += 2;
        j += 2;
      }
      if (matched === 1) {
        return `matches one character with "[${body.join('')}]"; write "${body.join('')}" without brackets`;
      }
      i = close;
      afterPlain = true;
    } else {
      if (isRef && REF_FORBIDDEN.has(c)) {
        return `contains ${JSON.stringify(c)}, which ${what} cannot (no spaces, tabs, ~, ^ or :)`;
      }
      afterPlain = true;
    }
  }
  if (isRef && /[/.]$/.test(pattern)) {
    return `ends with "${pattern.slice(-1)}", which ${what} cannot`;
  }
  return undefined;
}
