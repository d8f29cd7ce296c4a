/**
 * The result job's model: `if: always()`, needs every job, and one bash step
 * that fails when a job failed or was cancelled, or was skipped on an event
 * on which it had to run.
 *
 * Whether a job had to run is its own condition, re-evaluated in the result
 * job (which needs every job, so it sees every `needs.<id>` the job saw):
 * - GitHub evaluates a job's `if:` as `success() && (<if>)` unless it calls a
 *   status function; for a job, `success()` means every job it needs
 *   succeeded, and `failure()` that a job it waits for, directly or further
 *   up, failed. Those calls are rewritten to the `needs.<id>.result` they
 *   stand for (`always()` to true; `cancelled()`, which the step's env may
 *   not call, to false: a cancelled run fails the check anyway).
 * - A guard `needs.<id>.outputs.<name> != ''` (a job skipped when the image it
 *   runs in was not produced) is replaced by the condition under which job
 *   `<id>` produces that output, when the job says (a build job's image is
 *   pushed on every run but a fork's pull request): an image missing where it
 *   should exist then fails the result instead of passing silently.
 */
import type { JobModel } from './workflow-model';
import type { WorkflowResultOptions } from './workflow-result';
import { foldConstants } from '../expressions/constant-folding';
import { bareCondition } from '../jobs/job-conditions';

/** One job as the result job sees it. */
export interface ResultInput {
  readonly id: string;
  readonly model: JobModel;
  /** The condition under which the job's output `name` is not empty, if the job knows. */
  readonly outputPresentWhen: (name: string) => string | undefined;
}

const STATUS_CALL = /^(success|failure|always|cancelled)\s*\(\s*\)/i;
const GUARD = /^needs\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*!=\s*''/;

/**
 * Rewrites `expression` outside its string literals: status calls by
 * `status(name)`, output guards by `guard(job, output)` (undefined keeps it).
 */
function rewrite(expression: string, status: (name: string) => string, guard: (job: string, output: string) => string | undefined): string {
  let out = '';
  let i = 0;
  while (i < expression.length) {
    const c = expression[i];
    if (c === "'") {
      // A string literal, '' being an escaped quote inside it.
      let j = i + 1;
      while (j < expression.length && !(expression[j] === "'" && expression[j + 1] !== "'")) {
        j += expression[j] === "'" ? 2 : 1;
      }
      out += expression.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const before = i === 0 ? '' : expression[i - 1];
    if (!/[A-Za-z0-9_.-]/.test(before)) {
      const rest = expression.slice(i);
      const g = GUARD.exec(rest);
      const replaced = g ? guard(g[1], g[2]) : undefined;
      if (g && replaced !== undefined) {
        out += `(${replaced})`;
        i += g[0].length;
        continue;
      }
      const s = STATUS_CALL.exec(rest);
      if (s) {
        out += status(s[1].toLowerCase());
        i += s[0].length;
        continue;
      }
    }
    out += c;
    i += 1;
  }
  return out;
}

/** Every job `id` waits for, directly or further up, in a stable order. */
function ancestorsOf(id: string, needsOf: ReadonlyMap<string, readonly string[]>): string[] {
  const seen: string[] = [];
  const visit = (job: string) => {
    for (const need of needsOf.get(job.toLowerCase()) ?? []) {
      if (!seen.includes(need)) {
        seen.push(need);
        visit(need);
      }
    }
  };
  visit(id);
  return seen;
}

/** The jobs by lowercased id, and what each needs: built once per result job, not once per job. */
export interface ResultIndex {
  readonly byId: ReadonlyMap<string, ResultInput>;
  readonly needsOf: ReadonlyMap<string, readonly string[]>;
}

function indexOf(all: readonly ResultInput[]): ResultIndex {
  return { byId: new Map(all.map((j) => [j.id.toLowerCase(), j])), needsOf: new Map(all.map((j) => [j.id.toLowerCase(), j.model.needs])) };
}

/**
 * The expression, readable in the result job, that is true when job `input`
 * had to run on this run. GitHub's own rule, re-evaluated with the results
 * of the jobs it waited for.
 */
export function hadToRun(input: ResultInput, all: readonly ResultInput[], index: ResultIndex = indexOf(all)): string {
  const { byId, needsOf } = index;
  const needs = input.model.needs;
  const condition = input.model.if === undefined ? undefined : bareCondition(input.model.if);
  const own = condition === undefined || condition === '' ? undefined : condition;
  const callsStatus = own !== undefined && /\b(success|failure|always|cancelled)\s*\(/i.test(own);
  // GitHub's implicit `success() &&`, left out when the job needs nothing (it is then true).
  const written = callsStatus ? own : [...(needs.length > 0 ? ['success()'] : []), ...(own === undefined ? [] : [`(${own})`])].join(' && ') || 'true';
  const status = (name: string): string => {
    switch (name) {
      case 'success': return needs.length === 0 ? 'true' : `(${needs.map((n) => `needs.${n}.result == 'success'`).join(' && ')})`;
      case 'failure': {
        const up = ancestorsOf(input.id, needsOf);
        return up.length === 0 ? 'false' : `(${up.map((n) => `needs.${n}.result == 'failure'`).join(' || ')})`;
      }
      case 'always': return 'true';
      // `cancelled()` exists only in `if:` keys, not in the result step's env. A cancelled run never
      // passes (its cancelled jobs fail the check), so reading it as false is never a wrong pass.
      default: return 'false';
    }
  };
  const guard = (job: string, output: string): string | undefined => byId.get(job.toLowerCase())?.outputPresentWhen(output);
  return rewrite(written, status, guard);
}

/** The bash the result step runs: one `check` per job, each reading its result and whether it had to run from env. */
function checkScript(ids: readonly string[]): string {
  return [
    'failed=0',
    'check() {',
    '  case "$2" in',
    '    success) echo "$1: passed" ;;',
    '    skipped)',
    '      if [ "$3" = true ]; then',
    '        echo "::error title=$1 was skipped::$1 was skipped, but this run had to run it (did a job it needs produce nothing?)"; failed=1',
    '      else',
    '        echo "$1: skipped, as this run skips it"',
    '      fi ;;',
    '    *) echo "::error title=$1 $2::$1: $2"; failed=1 ;;',
    '  esac',
    '}',
    ...ids.map((id, i) => `check '${id}' "$RESULT_${i + 1}" "$REQUIRED_${i + 1}"`),
    'exit "$failed"',
  ].join('\n');
}

/** The result job of a workflow whose jobs are `inputs`. */
export function resultJobModel(inputs: readonly ResultInput[], options: WorkflowResultOptions): JobModel {
  const env: { [name: string]: string } = {};
  const index = indexOf(inputs);
  inputs.forEach((input, i) => {
    env[`RESULT_${i + 1}`] = `\${{ needs.${input.id}.result }}`;
    // Folded, and a constant written as itself: zizmor's obfuscation audit flags `${{ true }}` and `!false && x`.
    const required = foldConstants(hadToRun(input, inputs, index));
    env[`REQUIRED_${i + 1}`] = required === 'true' || required === 'false' ? required : `\${{ ${required} }}`;
  });
  return {
    name: options.name,
    needs: inputs.map((input) => input.id),
    if: 'always()',
    runsOn: options.runsOn ?? (options.runnerGroup === undefined ? ['ubuntu-latest'] : []),
    runnerGroup: options.runnerGroup,
    permissions: {},
    timeoutMinutes: 5,
    steps: [{
      name: 'Check that every job this run needed passed',
      shell: 'bash',
      env,
      run: checkScript(inputs.map((input) => input.id)),
    }],
  };
}
