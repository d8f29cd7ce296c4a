/**
 * Which jobs run on one event, decided from the rendered models the way the
 * runner decides it, for a run in which every job that runs succeeds:
 *
 * - A job's `if:` is evaluated with GitHub's rules (`expression-evaluator.ts`)
 *   against the event's `github` context and the `needs` context the job
 *   would see; without a status function it means `success() && (<if>)`.
 * - `success()` is true when every job the job waits for, directly or
 *   further up the `needs` chain, succeeded: a job after a skipped one is
 *   skipped unless its `if:` calls a status function (actions/runner#2205).
 * - A job's output is known to be empty or not when the job says when it is
 *   present (a build job's `image` on every run but a fork's pull request);
 *   a skipped job's outputs are empty.
 *
 * What cannot be known before the run (an input, a variable, an output
 * nobody describes) makes the job "maybe": the diagram says it runs if its
 * condition holds.
 *
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#jobsjob_idif
 */
import type { EventScenario } from './event-scenarios';
import type { JobModel } from './workflow-model';
import { evaluateCondition, EvaluationScope } from '../expressions/expression-evaluator';
import { Dict, Opaque, Unknown, Value } from '../expressions/expression-values';

/** One job as the evaluation sees it. */
export interface EventJob {
  readonly id: string;
  readonly model: JobModel;
  /** The condition under which the job's output `name` is not empty, if the job knows. */
  readonly outputPresentWhen: (name: string) => string | undefined;
}

/** Whether a job runs on the event: yes, no, or it depends on what is only known during the run. */
export type RunState = 'runs' | 'skipped' | 'maybe';

/** What one job does on one event. */
export interface JobOnEvent {
  readonly state: RunState;
  /** Why a skipped job is skipped, in words. */
  readonly reason?: string;
  /** By output name (lowercase): true when not empty, false when empty, undefined when unknown. */
  readonly outputs: ReadonlyMap<string, boolean | undefined>;
}

const READS_OUTPUT = /\bneeds\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)/g;

/** The jobs in an order in which every job comes after the jobs it needs (a cycle is refused by validation before). */
function inNeedsOrder(jobs: readonly EventJob[]): EventJob[] {
  const done = new Set<string>();
  const order: EventJob[] = [];
  const pending = [...jobs];
  const known = new Set(jobs.map((job) => job.id.toLowerCase()));
  while (pending.length > 0) {
    const ready = pending.findIndex((job) => job.model.needs.every((need) => done.has(need.toLowerCase()) || !known.has(need.toLowerCase())));
    const [job] = pending.splice(ready === -1 ? 0 : ready, 1);
    done.add(job.id.toLowerCase());
    order.push(job);
  }
  return order;
}

/** What each job of `jobs` does on `scenario`, by job id. */
export function jobsOnEvent(jobs: readonly EventJob[], scenario: EventScenario): Map<string, JobOnEvent> {
  const byId = new Map<string, JobOnEvent>();
  const idOf = new Map(jobs.map((job) => [job.id.toLowerCase(), job.id]));
  const ancestors = new Map<string, Set<string>>();
  for (const job of inNeedsOrder(jobs)) {
    const needs = job.model.needs.map((id) => id.toLowerCase()).filter((id) => byId.has(id));
    const above = new Set(needs.flatMap((id) => [id, ...(ancestors.get(id) ?? [])]));
    ancestors.set(job.id.toLowerCase(), above);
    const states = [...above].map((id) => byId.get(id)!.state);
    const success: Value = states.includes('skipped') ? false : states.includes('maybe') ? new Unknown() : true;
    const scope: EvaluationScope = {
      contexts: { github: scenario.github, needs: needsContext(needs, jobs, byId) },
      // The diagram draws the run in which every job that runs passes.
      status: { success, failure: false, cancelled: false },
    };
    let runs: boolean | undefined;
    try {
      runs = evaluateCondition(job.model.if, scope);
    } catch {
      runs = undefined; // refused by validation before a diagram is drawn
    }
    const state: RunState = runs === true ? 'runs' : runs === false ? 'skipped' : 'maybe';
    const outputs = new Map<string, boolean | undefined>();
    for (const name of Object.keys(job.model.outputs ?? {})) {
      outputs.set(name.toLowerCase(), state === 'skipped' ? false : state === 'maybe' ? undefined : presence(job.outputPresentWhen(name), scope));
    }
    byId.set(job.id.toLowerCase(), { state, reason: state === 'skipped' ? skipReason(job, success, [...above].map((id) => idOf.get(id) ?? id), byId) : undefined, outputs });
  }
  return new Map(jobs.map((job) => [job.id, byId.get(job.id.toLowerCase())!]));
}

/** The `needs` context of a job: each job it needs with its result and outputs as far as known. */
function needsContext(needs: readonly string[], jobs: readonly EventJob[], byId: ReadonlyMap<string, JobOnEvent>): Dict {
  const entries: { [id: string]: Value } = {};
  for (const id of needs) {
    const need = byId.get(id)!;
    const outputs: { [name: string]: Value } = {};
    for (const [name, present] of need.outputs) {
      const job = jobs.find((j) => j.id.toLowerCase() === id)!;
      outputs[name] = present === true ? new Opaque(`needs.${job.id}.outputs.${name}`) : present === false ? '' : new Unknown();
    }
    const result = need.state === 'runs' ? 'success' : need.state === 'skipped' ? 'skipped' : new Unknown(true);
    entries[id] = new Dict({ result, outputs: new Dict(outputs) });
  }
  return new Dict(entries);
}

/** Whether an output present under `condition` is, in `scope` (of the job that sets it, which runs). */
function presence(condition: string | undefined, scope: EvaluationScope): boolean | undefined {
  if (condition === undefined) {
    return undefined;
  }
  try {
    return evaluateCondition(condition, { ...scope, status: { success: true, failure: false, cancelled: false } });
  } catch {
    return undefined;
  }
}

/** Why `job` is skipped: a skipped job before it, an output it needs that is empty, or its own condition. */
function skipReason(job: EventJob, success: Value, above: readonly string[], byId: ReadonlyMap<string, JobOnEvent>): string {
  const condition = job.model.if ?? '';
  const callsStatus = /\b(?:success|failure|cancelled|always)\s*\(/i.test(condition);
  if (success === false && !callsStatus) {
    const skipped = above.filter((id) => byId.get(id.toLowerCase())?.state === 'skipped');
    const direct = job.model.needs.filter((id) => skipped.some((s) => s.toLowerCase() === id.toLowerCase()));
    const named = direct.length > 0 ? direct : skipped;
    return `${named.join(', ')} ${named.length > 1 ? 'are' : 'is'} skipped`;
  }
  for (const [, id, name] of condition.matchAll(READS_OUTPUT)) {
    if (byId.get(id.toLowerCase())?.outputs.get(name.toLowerCase()) === false) {
      const producer = job.model.needs.find((n) => n.toLowerCase() === id.toLowerCase()) ?? id;
      return `${producer} hands over no ${name} on this event`;
    }
  }
  return 'its if: is false on this event';
}
