/**
 * Synth-time checks of the keys every job has (`JobProps`), before anything
 * is rendered: each problem says how to fix it. What needs the rendered
 * model (which contexts a key may read, `needs.<id>` of an unknown job...)
 * is checked in `reference-checks.ts`.
 */
import { concurrencyProblems } from './concurrency';
import { ENV_NAME, JobOutput, OUTPUT_NAME } from './job-output';
import type { JobProps } from './job-props';
import { Matrix, strategyEnv, strategyProblems } from './matrix';
import { servicesProblems } from './services';
import { shellProblems } from './shell';
import { conditionProblems, deepTextProblems, envNameProblems, isPositiveInteger, sameEnvName, textProblems } from './step-validation';

const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** Problems with the keys of `props`. */
export function jobPropsProblems(props: JobProps): string[] {
  const problems: string[] = [];
  const { runsOn, runnerGroup, timeoutMinutes, name } = props;
  if (runsOn !== undefined && (!Array.isArray(runsOn) || runsOn.length === 0 || runsOn.some((label) => typeof label !== 'string' || label.trim() === ''))) {
    problems.push('runsOn must list at least one non-empty runner label, for example ["ubuntu-latest"].');
  }
  if (runnerGroup !== undefined && (typeof runnerGroup !== 'string' || runnerGroup.trim() === '')) {
    problems.push('runnerGroup is empty; give the name of a runner group (for example "larger-runners"), or leave it out.');
  }
  if (timeoutMinutes !== undefined && !isPositiveInteger(timeoutMinutes)) {
    problems.push(`timeoutMinutes is ${timeoutMinutes}; use a positive whole number of minutes.`);
  }
  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    problems.push('name is empty; give a display name or leave it out to show the job id.');
  }
  problems.push(...conditionProblems(props.if, ''));
  problems.push(...envNameProblems(props.env, 'env'));
  problems.push(...textProblems([
    ['name', name],
    ['runnerGroup', runnerGroup],
    ...Object.entries(props.env ?? {}).map(([k, v]) => [`env.${k}`, v] as const),
    ...(Array.isArray(runsOn) ? runsOn.map((label, i) => [`runsOn[${i}]`, label] as const) : []),
  ], ''));
  problems.push(...continueOnErrorProblems(props));
  problems.push(...environmentProblems(props.environment));
  problems.push(...concurrencyProblems(props.concurrency, 'concurrency'));
  problems.push(...strategyProblems(props.strategy));
  problems.push(...servicesProblems(props.services));
  if (Array.isArray(props.services)) {
    problems.push(...deepTextProblems(props.services.map((s) => ({ ...s })), 'services'));
  }
  problems.push(...defaultsProblems(props.defaults));
  problems.push(...outputsProblems(props));
  problems.push(...outputEnvProblems(props));
  problems.push(...shardEnvProblems(props));
  return problems;
}

function continueOnErrorProblems(props: JobProps): string[] {
  const problems: string[] = [];
  if (props.continueOnError !== undefined && typeof props.continueOnError !== 'boolean') {
    problems.push(`continueOnError is ${show(props.continueOnError)}; use true or false (or continueOnErrorWhen for an expression).`);
  }
  const when = props.continueOnErrorWhen as unknown;
  if (when !== undefined) {
    if (typeof when !== 'string' || !/^\s*\$\{\{[\s\S]*\}\}\s*$/.test(when)) {
      problems.push(`continueOnErrorWhen is ${show(when)}; give one expression, for example '\${{ matrix.experimental }}'.`);
    } else {
      problems.push(...textProblems([['continueOnErrorWhen', when]], ''));
    }
    if (props.continueOnError !== undefined) {
      problems.push('sets both continueOnError and continueOnErrorWhen; keep one.');
    }
  }
  return problems;
}

function environmentProblems(environment: unknown): string[] {
  if (environment === undefined) {
    return [];
  }
  const e = environment as { name?: unknown; url?: unknown } | null;
  if (e === null || typeof e !== 'object' || Array.isArray(e)) {
    return [`environment is ${show(environment)}; give { name: 'production' } (and optionally url).`];
  }
  const problems: string[] = [];
  if (typeof e.name !== 'string' || e.name.trim() === '') {
    problems.push(`environment.name is ${show(e.name)}; give the environment's name, for example 'production'.`);
  }
  if (e.url !== undefined && (typeof e.url !== 'string' || e.url.trim() === '')) {
    problems.push(`environment.url is ${show(e.url)}; give the deployment's URL, or leave it out.`);
  }
  problems.push(...textProblems([['environment.name', e.name], ['environment.url', e.url]], ''));
  return problems;
}

function defaultsProblems(defaults: unknown): string[] {
  if (defaults === undefined) {
    return [];
  }
  if (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults)) {
    return [`defaults is ${show(defaults)}; give { shell: 'bash' } and/or { workingDirectory: 'app' }, or leave it out.`];
  }
  const d = defaults as { shell?: unknown; workingDirectory?: unknown };
  const problems = shellProblems(d.shell, 'defaults.shell');
  if (d.workingDirectory !== undefined && (typeof d.workingDirectory !== 'string' || d.workingDirectory.trim() === '')) {
    problems.push(`defaults.workingDirectory is ${show(d.workingDirectory)}; give a directory relative to the workspace, or leave it out.`);
  }
  problems.push(...textProblems([['defaults.workingDirectory', d.workingDirectory]], ''));
  return problems;
}

function outputsProblems(props: JobProps): string[] {
  const outputs = props.outputs as unknown;
  if (outputs === undefined) {
    return [];
  }
  if (outputs === null || typeof outputs !== 'object' || Array.isArray(outputs)) {
    return [`outputs is ${show(outputs)}; map each output name to a step output, for example { version: JobOutput.fromStep('version', 'value') }.`];
  }
  const problems: string[] = [];
  if (props.strategy !== undefined) {
    problems.push('sets outputs and a strategy; every matrix job writes the same outputs and the last one to finish wins, so move the outputs to a job without a matrix.');
  }
  for (const [name, value] of Object.entries(outputs as { [name: string]: unknown })) {
    if (!OUTPUT_NAME.test(name)) {
      problems.push(`outputs has the name ${JSON.stringify(name)}; an output name starts with a letter or _ and contains only letters, digits, - and _.`);
    }
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push(`outputs.${name} is ${show(value)}; give a step output, for example JobOutput.fromStep('version', 'value').`);
    } else {
      problems.push(...textProblems([[`outputs.${name}`, value]], ''));
    }
  }
  return problems;
}

function outputEnvProblems(props: JobProps): string[] {
  const map = props.outputEnv as unknown;
  if (map === undefined) {
    return [];
  }
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    return [`outputEnv is ${show(map)}; map environment variable names to job outputs, for example { VERSION: versionJob.output('version') }.`];
  }
  const problems: string[] = [];
  for (const [name, output] of Object.entries(map as { [name: string]: unknown })) {
    if (!ENV_NAME.test(name)) {
      problems.push(`outputEnv has the name ${JSON.stringify(name)}; an environment variable name has only letters, digits and _, and does not start with a digit.`);
    }
    const inEnv = sameEnvName(props.env, name);
    if (inEnv !== undefined) {
      problems.push(inEnv === name
        ? `outputEnv.${name} is also set in env; keep one of them.`
        : `outputEnv.${name} and env.${inEnv} are the same variable to GitHub (env names ignore case); keep one of them.`);
    }
    if (!(output instanceof JobOutput)) {
      problems.push(`outputEnv.${name} is ${show(output)}; give a job output, for example buildJob.output('image').`);
    }
  }
  return problems;
}

/** The shard variables the strategy adds must not clash with the user's env or outputEnv. */
function shardEnvProblems(props: JobProps): string[] {
  const problems: string[] = [];
  if (props.strategy === undefined || props.strategy === null || typeof props.strategy !== 'object') {
    return problems;
  }
  for (const name of Object.keys(strategyEnv(props.strategy))) {
    for (const [label, map] of [['env', props.env], ['outputEnv', props.outputEnv]] as const) {
      const yours = sameEnvName(map, name);
      if (yours !== undefined) {
        const what = `the shard ${name === Matrix.SHARD_ENV ? 'number' : 'count'}`;
        problems.push(yours === name
          ? `${label} sets ${name}, which strategy.shards sets to ${what}; rename your variable.`
          : `${label} sets ${yours}, which GitHub reads as ${name} (env names ignore case), and strategy.shards sets ${name} to ${what}; rename your variable.`);
      }
    }
  }
  return problems;
}
