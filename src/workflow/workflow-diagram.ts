/**
 * What `Workflow.toMermaid()` draws: for each event the triggers admit (push
 * to the default branch, a pull request from a branch, one from a fork), the
 * jobs that run and those skipped, decided by evaluating each job's `if:`
 * (`jobs-on-event.ts`), and for each job that runs in an image another job
 * hands over, which image it gets and where it comes from. A workflow that
 * none of these events starts (schedule, manual, called) is drawn once,
 * without views.
 */
import { eventScenarios } from './event-scenarios';
import { EventJob, JobOnEvent, jobsOnEvent } from './jobs-on-event';
import type { JobModel } from './workflow-model';
import type { WorkflowTriggers } from './workflow-triggers';
import type { Job } from '../jobs/job';
import { bareCondition } from '../jobs/job-conditions';
import { jobReads } from '../jobs/reference-checks';
import { DiagramJob, renderMermaid, renderMermaidViews } from '../render/mermaid-renderer';

/** One job to draw: the construct (which says what it does) and its model; the result job has no construct. */
export interface DrawnJob {
  readonly job?: Job;
  readonly id: string;
  readonly model: JobModel;
}

const WHOLE_OUTPUT = /^\$\{\{\s*needs\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/;

/** The Mermaid text of a workflow titled `title` with `jobs` (in declaration order, the result job last). */
export function drawWorkflow(title: string, triggers: WorkflowTriggers | undefined, jobs: readonly DrawnJob[]): string {
  const scenarios = eventScenarios(triggers);
  if (scenarios.length === 0) {
    return renderMermaid(title, jobs.map((drawn) => diagramJob(drawn, jobs, undefined)));
  }
  const inputs: EventJob[] = jobs.map((drawn) => ({
    id: drawn.id,
    model: drawn.model,
    outputPresentWhen: (name) => drawn.job?._outputPresentWhen(name),
  }));
  return renderMermaidViews(title, scenarios.map((scenario) => {
    const onEvent = jobsOnEvent(inputs, scenario);
    return { id: scenario.id, title: scenario.title, jobs: jobs.map((drawn) => diagramJob(drawn, jobs, onEvent)) };
  }));
}

/** One node: what the job does (or why it is skipped) on the event, and its edges. */
function diagramJob(drawn: DrawnJob, all: readonly DrawnJob[], onEvent: ReadonlyMap<string, JobOnEvent> | undefined): DiagramJob {
  const reads = readOutputs(drawn.model);
  const job = drawn.job;
  // The result job needs every job: an arrow from each job no other job waits for says as much, with fewer lines.
  const waitedFor = new Set(all.filter((other) => other.job !== undefined).flatMap((other) => other.model.needs.map((id) => id.toLowerCase())));
  const needs = drawn.model.needs.filter((id) => job !== undefined || !waitedFor.has(id.toLowerCase()))
    .map((id) => ({ id, label: reads.get(id.toLowerCase())?.join(', ') }));
  const name = job !== undefined ? job._displayName : drawn.model.name;
  const state = onEvent?.get(drawn.id);
  if (state?.state === 'skipped') {
    return { id: drawn.id, name, lines: [`skipped: ${state.reason}`], needs, state: 'skipped' };
  }
  const outputPresent = onEvent && ((output: string) => state?.outputs.get(output.toLowerCase()));
  const diagram = job?._diagram(outputPresent) ?? { lines: ['needs every job; the check to require: passes when the jobs this event runs passed'] };
  const lines = [...diagram.lines, ...imageLines(drawn.model, all)];
  if (state?.state === 'maybe') {
    lines.push(drawn.model.if !== undefined ? `runs if ${bareCondition(drawn.model.if)}` : 'runs if the jobs it needs run');
  }
  return { id: drawn.id, name, lines, builds: diagram.builds, needs, state: state?.state };
}

/** `runs in <image>` and `service <name>: <image>`, with where a handed-over image comes from. */
function imageLines(model: JobModel, all: readonly DrawnJob[]): string[] {
  const describe = (image: string): string[] => {
    const match = WHOLE_OUTPUT.exec(image.trim());
    const producer = match ? all.find((d) => d.id.toLowerCase() === match[1].toLowerCase()) : undefined;
    const described = match ? producer?.job?._describeOutput(match[2]) : undefined;
    return described ? [described.value, described.origin] : [image];
  };
  const lines: string[] = [];
  if (model.container !== undefined) {
    const [image, ...origin] = describe(model.container.image);
    lines.push(`runs in ${image}`, ...origin);
  }
  for (const [id, service] of Object.entries(model.services ?? {})) {
    const [image, ...origin] = describe(service.image);
    lines.push(`service ${id}: ${image}`, ...origin);
  }
  return lines;
}

/** The names of the outputs a job reads of each job it needs, by lowercase job id. */
function readOutputs(model: JobModel): Map<string, string[]> {
  const reads = new Map<string, string[]>();
  for (const { path: read } of jobReads(model)) {
    if (read[0] === 'needs' && read.length > 3 && read[2] === 'outputs' && read[1] !== '*' && read[3] !== '*') {
      const list = reads.get(read[1].toLowerCase()) ?? [];
      if (!list.includes(read[3])) {
        list.push(read[3]);
      }
      reads.set(read[1].toLowerCase(), list);
    }
  }
  return reads;
}
