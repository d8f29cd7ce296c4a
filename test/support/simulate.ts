/**
 * Simulated runs: evaluates the expressions of a synthesized workflow with
 * GitHub's own expression engine (`@actions/expressions`), fed the contexts a
 * real run would have. No runner, no network: only the hand-off logic between
 * the build job and the jobs that run in its image.
 *
 * What GitHub does, and this file copies:
 * - `if:` is an expression with or without `${{ }}`; unless it calls a status
 *   function (`success()`, `failure()`, `always()`, `cancelled()`), GitHub
 *   evaluates `success() && (<if>)`. `success()` of a job is true when every
 *   job it waits for, directly or further up the `needs` chain, succeeded
 *   (a job after a skipped one is skipped even when the job between them ran
 *   with `always()`: actions/runner#2205); of a step, when every earlier step did.
 * - Any other value is a template: literal text with `${{ }}` parts. A value
 *   that is one expression and nothing else keeps its type (a boolean `push:`
 *   input stays a boolean and reaches the action as `true`/`false`); a value
 *   with several parts is their string forms concatenated.
 * - String comparison with `==`/`!=` ignores case (the engine does this).
 */
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import * as YAML from 'yaml';

/** Contexts an expression may read in a workflow (the parser refuses any other name). */
const CONTEXT_NAMES = ['github', 'needs', 'steps', 'secrets', 'env', 'vars', 'inputs', 'matrix', 'strategy', 'runner', 'job'];
const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];
const STATUS_CALL = new RegExp(`\\b(?:${STATUS_FUNCTIONS.join('|')})\\s*\\(`, 'i');

/** Plain JSON-like data for a context (`{ event_name: 'push', ... }`). */
export type ContextValue = string | number | boolean | null | ContextValue[] | { [key: string]: ContextValue };

/** The contexts and job/step status an expression is evaluated with. */
export interface EvaluationContext {
  readonly contexts: { [name: string]: ContextValue };
  /** What `success()` returns: all needed jobs (for a job) or all earlier steps (for a step) succeeded. @default true */
  readonly success?: boolean;
}

function toData(value: ContextValue): data.ExpressionData {
  return JSON.parse(JSON.stringify(value), data.reviver) as data.ExpressionData;
}

/** Evaluates one expression (the text inside `${{ }}`) and returns GitHub's data value. */
export function evaluateExpression(expression: string, ctx: EvaluationContext): data.ExpressionData {
  const success = ctx.success ?? true;
  const statusFunctions = new Map(STATUS_FUNCTIONS.map((name) => [name, {
    name,
    minArgs: 0,
    maxArgs: 0,
    call: () => new data.BooleanData(name === 'always' || (name === 'success' ? success : name === 'failure' ? !success : false)),
  }]));
  const { tokens } = new Lexer(expression).lex();
  const tree = new Parser(tokens, CONTEXT_NAMES, [...statusFunctions.values()]).parse();
  const dict = new data.Dictionary(...Object.entries(ctx.contexts).map(([key, value]) => ({ key, value: toData(value) })));
  return new Evaluator(tree, dict, statusFunctions).evaluate();
}

/** GitHub's truthiness: false, 0, NaN, '' and null are false; everything else is true. */
export function isTruthy(value: data.ExpressionData): boolean {
  switch (value.kind) {
    case data.Kind.Null: return false;
    case data.Kind.Boolean: return (value as data.BooleanData).value;
    case data.Kind.Number: { const n = (value as data.NumberData).value; return n !== 0 && !Number.isNaN(n); }
    case data.Kind.String: return (value as data.StringData).value !== '';
    default: return true;
  }
}

/** Evaluates an `if:` the way the runner does (optional `${{ }}`, implicit `success() &&`). */
export function evaluateCondition(condition: string | undefined, ctx: EvaluationContext): boolean {
  if (condition === undefined) {
    return ctx.success ?? true;
  }
  const whole = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(condition);
  const expression = whole ? whole[1] : condition;
  return isTruthy(evaluateExpression(STATUS_CALL.test(expression) ? expression : `success() && (${expression})`, ctx));
}

/**
 * Evaluates a template (`ghcr.io/x:${{ github.sha }}`). A value that is one
 * expression keeps its data type; otherwise the result is a string.
 */
export function evaluateTemplate(template: string, ctx: EvaluationContext): data.ExpressionData {
  const parts = template.split(/(\$\{\{[\s\S]*?\}\})/).filter((part) => part !== '');
  const values = parts.map((part) => {
    const inner = /^\$\{\{([\s\S]*)\}\}$/.exec(part);
    return inner ? evaluateExpression(inner[1], ctx) : new data.StringData(part);
  });
  return values.length === 1 ? values[0] : new data.StringData(values.map((v) => v.coerceString()).join(''));
}

/** Evaluates a template to the string a job or action sees. */
export function evaluateString(template: string, ctx: EvaluationContext): string {
  return evaluateTemplate(template, ctx).coerceString();
}

/** A run to simulate: the event, the repository, and what the build step produced. */
export interface RunScenario {
  /** `github.event_name`: push, pull_request, merge_group, workflow_dispatch, schedule. */
  readonly eventName: string;
  /** `github.repository`, which may have uppercase letters (`Acme-Corp/Shop`). */
  readonly repository: string;
  /**
   * `github.event.pull_request.head.repo.full_name` for a pull request:
   * the repository itself for a same-repository branch, another for a fork,
   * null when the fork was deleted.
   * @default - no pull_request in the event payload
   */
  readonly headRepository?: string | null;
  /** `steps.build.outputs.digest` of each build job by id (or one digest for all); '' when nothing was pushed. */
  readonly digest: string | { [buildJobId: string]: string };
  /** Build jobs that failed (their consumers' `success()` is false). @default none */
  readonly failedBuilds?: string[];
  /** Other jobs that fail when they run. @default none */
  readonly failedJobs?: string[];
  /** `github.ref`, e.g. `refs/tags/v1.2.3`. @default refs/pull/7/merge on pull requests, else refs/heads/main */
  readonly ref?: string;
  /** The repository's default branch, which a push goes to. @default 'main' */
  readonly defaultBranch?: string;
  /** `steps.archive.outputs.imageid` where a build exports its image archive. @default ARCHIVE_ID */
  readonly archiveId?: string;
}

/** The image id an archive step reports unless told (the manifest digest is {@link ARCHIVE_DIGEST}). */
export const ARCHIVE_ID = `sha256:${'fedcba9876543210'.repeat(4)}`;
export const ARCHIVE_DIGEST = `sha256:${'00112233445566778899aabbccddeeff'.repeat(2)}`;

/** What a simulated build job did. */
export interface SimulatedBuild {
  /** Whether the GHCR login step ran. */
  readonly loginRuns: boolean;
  /** The `push:` input build-push-action received (`'true'`/`'false'`). */
  readonly push: string;
  /** The `tags:` input. */
  readonly tags: string;
  /** The job output `image` handed to consumers. */
  readonly image: string;
  readonly succeeded: boolean;
  /** Whether the build (and push) step ran (false where only the archive's export built). */
  readonly buildStepRuns: boolean;
  /** Whether the archive's export ran. */
  readonly archiveRuns: boolean;
  /** The job output `archive` (the image loaded from the archive), '' without one. */
  readonly archive: string;
}

/** What a simulated consumer job (one with a `container:`) did. */
export interface SimulatedConsumer {
  /** Whether its `if:` let it run. */
  readonly runs: boolean;
  /** `container.image` as the runner would pull it (evaluated even when the job is skipped). */
  readonly image: string;
}

/** What a simulated job that pulls images onto its runner (`docker pull "$VAR"` steps) did. */
export interface SimulatedRunnerConsumer {
  /** Whether its `if:` let it run. */
  readonly runs: boolean;
  /** Each variable a pull step reads and the reference the job's env gives it (evaluated even when the job is skipped). */
  readonly pulls: { [variable: string]: string };
  /** Each variable a `docker load` step checks the loaded image of, and the reference it holds. */
  readonly loads: { [variable: string]: string };
}

/** The outcome of one simulated run. */
export interface SimulatedRun {
  readonly builds: { [jobId: string]: SimulatedBuild };
  readonly consumers: { [jobId: string]: SimulatedConsumer };
  /** Jobs that pull images onto the runner (`images`), by id. */
  readonly runnerConsumers: { [jobId: string]: SimulatedRunnerConsumer };
  /** Every job's `needs.<id>` as a job after it would see it: its result and outputs. */
  readonly jobs: { [jobId: string]: { result: string; outputs: { [name: string]: string } } };
}

type JobYaml = {
  needs?: string[];
  if?: string;
  outputs?: { [name: string]: string };
  container?: { image: string };
  env?: { [name: string]: string };
  /** Absent on a job that calls a reusable workflow. */
  steps?: { id?: string; if?: string; uses?: string; run?: string; with?: { [name: string]: string }; env?: { [name: string]: string } }[];
};

/** The jobs in an order where every job comes after the jobs it needs (as the runner starts them). */
function inNeedsOrder(jobs: { [id: string]: JobYaml }): [string, JobYaml][] {
  const done = new Set<string>();
  const order: [string, JobYaml][] = [];
  const pending = Object.entries(jobs);
  while (pending.length > 0) {
    const ready = pending.findIndex(([, job]) => (job.needs ?? []).every((need) => done.has(need)));
    if (ready === -1) {
      throw new Error(`jobs ${pending.map(([id]) => id).join(', ')} need jobs that never run (missing or in a cycle)`);
    }
    const [entry] = pending.splice(ready, 1);
    done.add(entry[0]);
    order.push(entry);
  }
  return order;
}

/** The `github` and `secrets` contexts of `run`. */
export function runContexts(run: RunScenario): { [name: string]: ContextValue } {
  // The repository's default branch, main unless told (what defaultBranchOnly() compares github.ref with).
  const defaultBranch = run.defaultBranch ?? 'main';
  const event: { [key: string]: ContextValue } = { repository: { default_branch: defaultBranch } };
  if (run.headRepository !== undefined) {
    event.pull_request = { number: 7, head: { ref: 'feature', repo: run.headRepository === null ? null : { full_name: run.headRepository } } };
  }
  return {
    github: {
      event_name: run.eventName,
      repository: run.repository,
      repository_owner: run.repository.split('/')[0],
      sha: 'a'.repeat(40),
      ref: run.ref ?? (run.eventName === 'pull_request' ? 'refs/pull/7/merge' : `refs/heads/${defaultBranch}`),
      ref_name: run.ref !== undefined ? run.ref.replace(/^refs\/(heads|tags)\//, '') : run.eventName === 'pull_request' ? '7/merge' : defaultBranch,
      actor: 'octocat',
      event,
    },
    // The runner gives fork pull requests no secrets but the read-only token.
    secrets: { GITHUB_TOKEN: '***' },
    // No variables are set, and a push or pull request has no inputs.
    vars: {},
    inputs: {},
  };
}

/**
 * Simulates `run` through the workflow in `workflowYaml`: every job with a
 * step `id: build` (or `id: merge`, the digest of a build on native runners)
 * is a build job, every job with a `container:` a consumer, every job with
 * a `docker pull "$VAR"` step a runner consumer.
 * Jobs are evaluated in `needs` order.
 */
export function simulateRun(workflowYaml: string, run: RunScenario): SimulatedRun {
  const workflow = YAML.parse(workflowYaml) as { jobs: { [id: string]: JobYaml } };
  const base = runContexts(run);
  const outputs: { [jobId: string]: { result: string; outputs: { [name: string]: string } } } = {};
  const builds: { [jobId: string]: SimulatedBuild } = {};
  const consumers: { [jobId: string]: SimulatedConsumer } = {};
  const runnerConsumers: { [jobId: string]: SimulatedRunnerConsumer } = {};

  const ancestors: { [jobId: string]: Set<string> } = {};
  for (const [id, job] of inNeedsOrder(workflow.jobs)) {
    const needs: { [id: string]: ContextValue } = {};
    for (const need of job.needs ?? []) {
      needs[need] = outputs[need];
    }
    ancestors[id] = new Set((job.needs ?? []).flatMap((need) => [need, ...ancestors[need]]));
    const needsSucceeded = [...ancestors[id]].every((above) => outputs[above].result === 'success');
    const jobCtx: EvaluationContext = { contexts: { ...base, needs }, success: needsSucceeded };
    const jobRuns = evaluateCondition(job.if, jobCtx);
    // A build with native runners merges the platforms' digests in its step `merge`.
    // A build that never pushes only exports its archive (step `archive`).
    const archiveStep = (job.steps ?? []).find((step) => step.id === 'archive');
    const buildStep = (job.steps ?? []).find((step) => step.id === 'merge') ?? (job.steps ?? []).find((step) => step.id === 'build') ?? archiveStep;

    if (buildStep !== undefined) {
      const digest = typeof run.digest === 'string' ? run.digest : run.digest[id] ?? '';
      const succeeded = jobRuns && !(run.failedBuilds ?? []).includes(id);
      const login = (job.steps ?? []).find((step) => step.uses?.startsWith('docker/login-action@'));
      const stepCtx: EvaluationContext = { contexts: { ...base, needs, steps: {} }, success: true };
      const jobOutputs: { [name: string]: string } = {};
      const done = { outputs: { digest }, outcome: 'success', conclusion: 'success' };
      const skipped = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      // `steps.image.outputs.name`: the repository's image name, lowercased at run time (DockerBuildJob.REPOSITORY_IMAGE).
      const image = { outputs: { name: `ghcr.io/${run.repository.toLowerCase()}` }, outcome: 'success', conclusion: 'success' };
      // The build step runs under its `if` (none found by a lookup: no reuse simulated); the archive's export under its own.
      const buildStepRuns = buildStep !== archiveStep && evaluateCondition(buildStep.if, stepCtx);
      const archiveRuns = archiveStep !== undefined && evaluateCondition(archiveStep.if, stepCtx);
      const built = buildStepRuns ? done : skipped;
      const archived = archiveRuns ? { outputs: { imageid: run.archiveId ?? ARCHIVE_ID, digest: ARCHIVE_DIGEST }, outcome: 'success', conclusion: 'success' } : skipped;
      // With reuseUnchanged the digest handed over is step `image_digest`'s: here the one built (no reuse simulated).
      const outCtx: EvaluationContext = {
        contexts: { ...base, needs, steps: { ...(buildStep !== archiveStep ? { [buildStep.id ?? 'build']: built } : {}), image_digest: built, image, archive: archived } },
      };
      for (const [name, value] of Object.entries(job.outputs ?? {})) {
        jobOutputs[name] = jobRuns ? evaluateString(value, outCtx) : '';
      }
      builds[id] = {
        loginRuns: jobRuns && login !== undefined && evaluateCondition(login.if, stepCtx),
        push: evaluateString(buildStep.with?.push ?? 'false', stepCtx),
        tags: evaluateString(buildStep.with?.tags ?? '', stepCtx),
        image: jobOutputs.image ?? '',
        succeeded,
        buildStepRuns: jobRuns && buildStepRuns,
        archiveRuns: jobRuns && archiveRuns,
        archive: jobOutputs.archive ?? '',
      };
      outputs[id] = { result: succeeded ? 'success' : jobRuns ? 'failure' : 'skipped', outputs: jobOutputs };
    } else {
      outputs[id] = { result: !jobRuns ? 'skipped' : (run.failedJobs ?? []).includes(id) ? 'failure' : 'success', outputs: {} };
    }
    if (job.container !== undefined) {
      consumers[id] = { runs: jobRuns, image: evaluateString(job.container.image, jobCtx) };
    }
    const pulled = (job.steps ?? []).flatMap((step) => [...(step.run ?? '').matchAll(/docker pull "\$([A-Za-z_][A-Za-z0-9_]*)"/g)].map((m) => m[1]));
    // An archive's load checks the image in a variable of the job's env (`images`) or of its own step (the fork fallback).
    const loaded = (job.steps ?? []).flatMap((step) => [...(step.run ?? '').matchAll(/docker image inspect --format '\{\{\.Id\}\}' "\$([A-Za-z_][A-Za-z0-9_]*)"/g)]
      .map((m) => [m[1], step.env?.[m[1]] ?? job.env?.[m[1]]] as const));
    if (pulled.length > 0 || loaded.length > 0) {
      // The variable comes from the job's env (a value of its own would be a step env; not what `images` writes).
      const pulls = Object.fromEntries(pulled.map((name) => [name, job.env?.[name] === undefined ? '' : evaluateString(job.env[name], jobCtx)]));
      const loads = Object.fromEntries(loaded.map(([name, value]) => [name, value === undefined ? '' : evaluateString(value, jobCtx)]));
      runnerConsumers[id] = { runs: jobRuns, pulls, loads };
    }
  }
  return { builds, consumers, runnerConsumers, jobs: outputs };
}
