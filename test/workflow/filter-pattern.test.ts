/**
 * Trigger filter patterns (branches, tags, paths and their -ignore forms):
 * what is refused, with the exact reason, and a differential check against
 * the judge. Every pattern accepted here must be accepted by GitHub's parser
 * and actionlint; every pattern refused here is refused by the judge too,
 * except "/src/**" (GitHub accepts it but can never match it, and no judge
 * reports it).
 */
import { filterPatternProblem } from '../../src/workflow/filter-pattern';
import { judgeWorkflows } from '../support/judge';

const ACCEPTED_REFS = [
  'main', 'releases/**', 'feature/*', 'v[0-9]+.[0-9]+', '!main', 'v1.*', 'a+', '**', 'a[ab]c',
  'a\\+b', 'x\\!y', 'a\\\\b', 'a]b', 'a{b,c}',
];
const ACCEPTED_PATHS = [
  'src/**', '**.js', '!docs/**', 'docs/[a-z]*.md', 'dir/', 'a b/c', 'a:b', 'x?', 'a\\*b', 'a\\b',
  '.github/**', 'src/./x', '..x', '~/x',
];

const REFUSED_REFS: [string, string][] = [
  ['!', 'is "!" alone; "!" negates the pattern that follows it, for example "!docs/**"'],
  ['/main', 'starts with "/", which a branch or tag name cannot'],
  ['main/', 'ends with "/", which a branch or tag name cannot'],
  ['main.', 'ends with ".", which a branch or tag name cannot'],
  ['a\\*b', 'escapes "*", but a branch or tag name cannot contain "*"'],
  ['a\\b', 'contains "\\\\" not followed by one of [ ? * + \\\\ !; a branch or tag name cannot contain "\\\\"'],
  ['a[b', 'has "[" without a closing "]"'],
  ['a[]', 'has an empty character match "[]"'],
  ['a[z-a]', 'has the character range "z-a", whose start is after its end'],
  ['a[a-]', 'has a character range without an end in "[a-]"'],
  ['a[b]c', 'matches one character with "[b]"; write "b" without brackets'],
  ['?a', 'has "?" after a special character or at the start; "?" repeats the plain character before it (escape it as "\\\\?" to match it literally)'],
  ['*?', 'has "?" after a special character or at the start; "?" repeats the plain character before it (escape it as "\\\\?" to match it literally)'],
  ['+a', 'has "+" after a special character or at the start; "+" repeats the plain character before it (escape it as "\\\\+" to match it literally)'],
  ['a b', 'contains " ", which a branch or tag name cannot (no spaces, tabs, ~, ^ or :)'],
  ['a~b', 'contains "~", which a branch or tag name cannot (no spaces, tabs, ~, ^ or :)'],
  ['a:b', 'contains ":", which a branch or tag name cannot (no spaces, tabs, ~, ^ or :)'],
  ['a\tb', 'contains the control character "\\t"; a pattern is one line of printable text'],
  ['${{ github.ref }}', 'contains "${{", but GitHub evaluates no expressions in triggers; write the pattern literally'],
];
const REFUSED_PATHS: [string, string][] = [
  [' src', 'starts or ends with whitespace, which GitHub refuses in a path pattern'],
  ['a[b', 'has "[" without a closing "]"'],
  ['?x', 'has "?" after a special character or at the start; "?" repeats the plain character before it (escape it as "\\\\?" to match it literally)'],
];
/**
 * Paths GitHub accepts but never matches (it matches paths relative to the repository root).
 * actionlint 1.7.12 reports those with "." or ".." segments ("'.' and '..' are not allowed in
 * glob path", rhysd/actionlint#521); the leading "/" it accepts.
 */
const NEVER_MATCHING_PATHS: [string, string][] = [
  ['/src/**', 'starts with "/", but GitHub matches paths relative to the repository root without it, so it never matches; write "src/**"'],
  ['./src/**', 'starts with "./", but GitHub matches paths relative to the repository root without it, so it never matches; write "src/**"'],
  ['!./docs/**', 'its path starts with "./", but GitHub matches paths relative to the repository root without it, so it never matches; write "!docs/**"'],
  ['./', 'starts with "./", but GitHub matches paths relative to the repository root without it, so it never matches; write "**"'],
  ['../shared/**', 'starts with "../", but GitHub matches paths inside the repository, relative to its root, so it never matches; name the path from the root, for example "src/**"'],
];

describe('branch and tag patterns', () => {
  test.each(ACCEPTED_REFS)('accepts %j', (pattern) => {
    expect(filterPatternProblem(pattern, true)).toBeUndefined();
  });
  test.each(REFUSED_REFS)('refuses %j', (pattern, reason) => {
    expect(filterPatternProblem(pattern, true)).toBe(reason);
  });
});

describe('path patterns', () => {
  test.each(ACCEPTED_PATHS)('accepts %j', (pattern) => {
    expect(filterPatternProblem(pattern, false)).toBeUndefined();
  });
  test.each([...REFUSED_PATHS, ...NEVER_MATCHING_PATHS])('refuses %j', (pattern, reason) => {
    expect(filterPatternProblem(pattern, false)).toBe(reason);
  });
});

/** A minimal workflow with `pattern` as a push branch or path filter. */
function workflowWith(pattern: string, isRef: boolean): string {
  const filter = `${isRef ? 'branches' : 'paths'}: [${JSON.stringify(pattern)}]`;
  return `name: x\non:\n  push:\n    ${filter}\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo hi\n`;
}

describe('the same verdicts as GitHub\'s parser and actionlint', () => {
  test('every accepted pattern passes the judge', async () => {
    const cases = [...ACCEPTED_REFS.map((p) => [p, true] as const), ...ACCEPTED_PATHS.map((p) => [p, false] as const)];
    // One batch: one actionlint (and zizmor) process for every case.
    const results = await judgeWorkflows(cases.map(([pattern, isRef]) => ({ text: workflowWith(pattern, isRef), fileName: 'workflow.yml' })));
    const failures = cases.flatMap(([pattern], i) => results[i].length > 0 ? [`${JSON.stringify(pattern)}: ${results[i].map((f) => f.message).join('; ')}`] : []);
    expect(failures).toEqual([]);
  });

  test('every refused pattern is refused by the judge too, except "/src/**", which GitHub and actionlint accept', async () => {
    const paths = [...REFUSED_PATHS, ...NEVER_MATCHING_PATHS];
    const cases = [...REFUSED_REFS.map(([p]) => [p, true] as const), ...paths.map(([p]) => [p, false] as const)];
    const results = await judgeWorkflows(cases.map(([pattern, isRef]) => ({ text: workflowWith(pattern, isRef), fileName: 'workflow.yml' })));
    const unreported = cases.filter((_, i) => results[i].length === 0).map(([pattern]) => pattern);
    expect(unreported).toEqual(['/src/**']);
  });
});
