/**
 * Workflow options: concurrency (default and custom), typed
 * workflow_dispatch inputs, workflow env and run defaults.
 */
import * as YAML from 'yaml';
import { Concurrency, ContainerTestJob, DispatchInputs, DispatchInputType, DockerBuildJob, Workflow, WorkflowProps } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { ContextValue, EvaluationContext, evaluateString, runContexts } from '../support/simulate';
import { tempProject } from '../support/synth';

function workflowWith(props: Partial<WorkflowProps>): Workflow {
  const ci = new Workflow(tempProject(), 'ci', { triggers: { push: { branches: ['main'] }, pullRequest: {} }, ...props } as WorkflowProps);
  const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' });
  new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'make test' }] });
  return ci;
}

function problems(props: Partial<WorkflowProps>): string[] {
  try {
    workflowWith(props).toYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

describe('concurrency', () => {
  const concurrency = YAML.parse(workflowWith({}).toYaml()).concurrency;
  /** The group and cancel-in-progress GitHub computes for a run. */
  function evaluate(eventName: string, extra: { prNumber?: number; runId: number; ref: string }) {
    const contexts = runContexts({ eventName, repository: 'acme/shop', headRepository: eventName === 'pull_request' ? 'acme/shop' : undefined, digest: '' });
    const event: ContextValue = extra.prNumber === undefined ? {} : { pull_request: { number: extra.prNumber } };
    const github: ContextValue = { ...(contexts.github as { [key: string]: ContextValue }), run_id: extra.runId, ref: extra.ref, event };
    const ctx: EvaluationContext = { contexts: { ...contexts, github } };
    return { group: evaluateString(concurrency.group, ctx), cancel: evaluateString(concurrency['cancel-in-progress'], ctx) };
  }

  test('by default: a group per workflow and pull request, cancelling only pull-request runs', () => {
    expect(concurrency).toEqual({
      'group': "ci-${{ github.event_name == 'pull_request' && format('pr-{0}', github.event.pull_request.number) || github.run_id }}",
      'cancel-in-progress': "${{ github.event_name == 'pull_request' }}",
    });
  });

  test('simulated: two pushes to the same pull request share a group and cancel; pushes to main never share one', () => {
    const pr1 = evaluate('pull_request', { prNumber: 42, runId: 1, ref: 'refs/pull/42/merge' });
    const pr2 = evaluate('pull_request', { prNumber: 42, runId: 2, ref: 'refs/pull/42/merge' });
    const other = evaluate('pull_request', { prNumber: 43, runId: 3, ref: 'refs/pull/43/merge' });
    expect(pr1).toEqual({ group: 'ci-pr-42', cancel: 'true' });
    expect(pr2.group).toBe(pr1.group);
    expect(other.group).toBe('ci-pr-43');
    const main1 = evaluate('push', { runId: 100, ref: 'refs/heads/main' });
    const main2 = evaluate('push', { runId: 101, ref: 'refs/heads/main' });
    // A group per run: GitHub would otherwise drop a pending main run when the next push arrives.
    expect(main1).toEqual({ group: 'ci-100', cancel: 'false' });
    expect(main2.group).not.toBe(main1.group);
    expect(evaluate('merge_group', { runId: 7, ref: 'refs/heads/gh-readonly-queue/main/pr-1' })).toEqual({ group: 'ci-7', cancel: 'false' });
  });

  test('Concurrency.none() writes no concurrency; Concurrency.group() writes yours', async () => {
    expect(YAML.parse(workflowWith({ concurrency: Concurrency.none() }).toYaml()).concurrency).toBeUndefined();
    const text = workflowWith({ concurrency: Concurrency.group('deploy-${{ github.ref }}', { cancelInProgress: true }) }).toYaml();
    expect(YAML.parse(text).concurrency).toEqual({ 'group': 'deploy-${{ github.ref }}', 'cancel-in-progress': true });
    expect(YAML.parse(workflowWith({ concurrency: Concurrency.group('one-at-a-time') }).toYaml()).concurrency).toEqual({ 'group': 'one-at-a-time', 'cancel-in-progress': false });
    await expectValidWorkflow(text);
  });

  test('refusals: not a Concurrency, an empty group, a context unavailable at workflow level', () => {
    expect(problems({ concurrency: { group: 'x' } as unknown as Concurrency })).toEqual([
      'ci: concurrency is {"group":"x"}; use Concurrency.cancelSupersededPullRequests() (the default), Concurrency.none() or Concurrency.group(\'name\').',
    ]);
    expect(problems({ concurrency: Concurrency.group(' ') })).toEqual([
      'ci: concurrency group is " "; give a group name such as "deploy-${{ github.ref }}", or use Concurrency.none().',
    ]);
    expect(problems({ concurrency: Concurrency.group('x-${{ matrix.os }}') })).toEqual([
      'ci: concurrency group reads a context that is not available at workflow level; use only github, inputs and vars. See https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-syntax#concurrency',
    ]);
  });
});

describe('workflow_dispatch inputs', () => {
  test('typed inputs with GitHub\'s keys; a boolean default written as a boolean', async () => {
    const text = workflowWith({
      triggers: {
        workflowDispatch: {
          inputs: {
            target: { description: 'Where to run', type: DispatchInputType.CHOICE, options: ['staging', 'production'], default: 'staging', required: true },
            dryRun: { type: DispatchInputType.BOOLEAN, default: 'true' },
            note: { description: 'Free text' },
            env: { type: DispatchInputType.ENVIRONMENT },
          },
        },
      },
    }).toYaml();
    expect(YAML.parse(text).on.workflow_dispatch.inputs).toEqual({
      target: { description: 'Where to run', required: true, default: 'staging', type: 'choice', options: ['staging', 'production'] },
      dryRun: { default: true, type: 'boolean' },
      note: { description: 'Free text', type: 'string' },
      env: { type: 'environment' },
    });
    await expectValidWorkflow(text);
  });

  test('a NUMBER input: its default is written as a number, and the value reaches a step as a number', async () => {
    const ci = new Workflow(tempProject(), 'ci', {
      triggers: { workflowDispatch: { inputs: { shards: { type: DispatchInputType.NUMBER, default: '4' }, ratio: { type: DispatchInputType.NUMBER, default: '-0.5e1' } } } },
    });
    const image = new DockerBuildJob(ci, 'build', { image: 'ghcr.io/acme/app' });
    new ContainerTestJob(ci, 'test', { image, steps: [{ run: 'echo "$SHARDS"', env: { SHARDS: DispatchInputs.value('shards') } }] });
    const text = ci.toYaml();
    expect(YAML.parse(text).on.workflow_dispatch.inputs).toEqual({ shards: { default: 4, type: 'number' }, ratio: { default: -5, type: 'number' } });
    expect(text).toContain('        default: 4\n');
    await expectValidWorkflow(text);
  });

  test.each(['four', '', '4 ', '0x10', 'Infinity', '1e999', '1.2.3'])('a NUMBER input refuses the default %j', (def) => {
    expect(problems({ triggers: { workflowDispatch: { inputs: { n: { type: DispatchInputType.NUMBER, default: def } } } } })).toEqual([
      `ci: triggers.workflowDispatch.inputs.n.default is "${def}"; a NUMBER input defaults to a decimal number, for example '4' or '0.5'.`,
    ]);
  });

  test('a schedule that runs more often than every 5 minutes, or never, is refused with the runs it names', () => {
    expect(problems({ triggers: { schedule: [{ cron: '*/2 * * * *' }, { cron: '0 0 31 4 *' }, { cron: '0 4 * * 1' }] } })).toEqual([
      'ci: triggers.schedule[0].cron "*/2 * * * *" runs at minutes 0 and 2 of the same hour, but GitHub runs a scheduled workflow at most once every 5 minutes; ' +
        'space the runs at least 5 minutes apart, for example "*/5 * * * *". See https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule',
      'ci: triggers.schedule[1].cron "0 0 31 4 *" never runs: no date has that day of the month in that month (or that day of the week); check the day and month fields. ' +
        'See https://docs.github.com/en/actions/reference/workflows-and-actions/events-that-trigger-workflows#schedule',
    ]);
  });

  test('without inputs workflow_dispatch stays empty', () => {
    expect(YAML.parse(workflowWith({ triggers: { workflowDispatch: {} } }).toYaml()).on.workflow_dispatch).toEqual({});
  });

  test('DispatchInputs.value is the inputs expression', () => {
    expect(DispatchInputs.value('dryRun')).toBe('${{ inputs.dryRun }}');
  });

  test('refusals name the input and the fix', () => {
    expect(problems({
      triggers: {
        workflowDispatch: {
          inputs: {
            'pick': { type: DispatchInputType.CHOICE },
            'level': { type: DispatchInputType.CHOICE, options: ['a', 'b'], default: 'c' },
            'flag': { type: DispatchInputType.BOOLEAN, default: 'yes' },
            'text': { options: ['x'] },
            '1st': {},
            'odd': { type: 'date' as DispatchInputType },
          },
        },
      },
    })).toEqual([
      'ci: triggers.workflowDispatch.inputs.pick is a CHOICE input without options; list the choices, for example options: [\'staging\', \'production\'].',
      'ci: triggers.workflowDispatch.inputs.level.default "c" is not one of its options (a, b).',
      'ci: triggers.workflowDispatch.inputs.flag.default is "yes"; a BOOLEAN input defaults to \'true\' or \'false\'.',
      'ci: triggers.workflowDispatch.inputs.text sets options, which only a CHOICE input has; set type: DispatchInputType.CHOICE or remove options.',
      'ci: triggers.workflowDispatch.inputs has the name "1st"; an input name starts with a letter or _ and contains only letters, digits, - and _.',
      'ci: triggers.workflowDispatch.inputs.odd.type is "date"; use DispatchInputType.STRING, BOOLEAN, CHOICE, ENVIRONMENT or NUMBER.',
    ]);
    expect(problems({ triggers: { workflowDispatch: { inputs: [] as unknown as {} } } })).toEqual([
      'ci: triggers.workflowDispatch.inputs is []; map each input name to its options, for example { dryRun: { type: DispatchInputType.BOOLEAN, default: \'false\' } }.',
    ]);
  });
});

describe('workflow env and defaults', () => {
  test('env and defaults.run are written at workflow level after concurrency', async () => {
    const text = workflowWith({ env: { NODE_ENV: 'test', REF: '${{ github.ref }}' }, defaults: { shell: 'bash', workingDirectory: 'app' } }).toYaml();
    const parsed = YAML.parse(text);
    expect(Object.keys(parsed)).toEqual(['name', 'on', 'permissions', 'concurrency', 'env', 'defaults', 'jobs']);
    expect(parsed.env).toEqual({ NODE_ENV: 'test', REF: '${{ github.ref }}' });
    expect(parsed.defaults).toEqual({ run: { 'shell': 'bash', 'working-directory': 'app' } });
    await expectValidWorkflow(text);
  });

  test('empty env and defaults write nothing', () => {
    const parsed = YAML.parse(workflowWith({ env: {}, defaults: {} }).toYaml());
    expect(parsed.env).toBeUndefined();
    expect(parsed.defaults).toBeUndefined();
  });

  test('refusals: secrets in workflow env, contexts of jobs, bad names and values, bad defaults', () => {
    expect(problems({
      env: { 'TOKEN': '${{ secrets.NPM_TOKEN }}', 'IMG': '${{ needs.build.outputs.image }}', 'bad-name': 'x', 'N': 1 as unknown as string },
      defaults: { shell: 'fish', workingDirectory: '' },
    })).toEqual([
      'ci: env.TOKEN reads a secret; a workflow-level variable reaches every step of every job, so pass the secret to the one step that needs it (its own env).',
      'ci: env.IMG reads a context that does not exist at workflow level; use only github, inputs and vars here.',
      'ci: env has the name "bad-name"; an environment variable name has only letters, digits and _, and does not start with a digit.',
      'ci: env.N is 1; give a string.',
      'ci: defaults.shell is "fish"; use one of bash, sh, pwsh, python, cmd, powershell, or a command with {0} for the script file (e.g. "bash -eo pipefail {0}").',
      'ci: defaults.workingDirectory is ""; give a directory relative to the workspace, or leave it out.',
    ]);
    expect(problems({ env: 'x' as unknown as {}, defaults: 'bash' as unknown as {} })).toEqual([
      'ci: env is "x"; give a map of names to string values, for example { NODE_ENV: \'test\' }.',
      'ci: defaults is "bash"; give { shell: \'bash\' } and/or { workingDirectory: \'app\' }, or leave it out.',
    ]);
  });
});
