/**
 * The events a workflow runs on beyond push and pull requests: release,
 * workflow_run, repository_dispatch and the other events of GitHub's workflow
 * schema, with their activity types checked; pull_request_target refused.
 */
import * as YAML from 'yaml';
import { RunnerJob, Workflow, WorkflowTriggers } from '../../src';
import { WorkflowValidationError } from '../../src/errors';
import { expectValidWorkflow } from '../support/judge';
import { tempProject } from '../support/synth';

function workflow(triggers: WorkflowTriggers): Workflow {
  const ci = new Workflow(tempProject(), 'ci', { triggers });
  new RunnerJob(ci, 'job', { steps: [{ run: 'true' }] });
  return ci;
}

function problemsOf(triggers: unknown): string[] {
  try {
    workflow(triggers as WorkflowTriggers).toYaml();
  } catch (e) {
    expect(e).toBeInstanceOf(WorkflowValidationError);
    return (e as WorkflowValidationError).problems;
  }
  throw new Error('expected a WorkflowValidationError');
}

describe('more events', () => {
  test('release, workflow_run, repository_dispatch, issue_comment and create are written with GitHub\'s names, in a fixed order', async () => {
    const yaml = workflow({
      create: {},
      issueComment: { types: ['created'], trustedBecause: 'only labels the issue; runs nothing the comment brings' },
      repositoryDispatch: { types: ['deploy'] },
      workflowRun: { workflows: ['CI'], types: ['completed'], branches: ['main'], trustedBecause: 'reads the triggering run\'s conclusion only' },
      release: { types: ['published'] },
      push: { tags: ['v*'] },
    }).toYaml();
    const on = YAML.parse(yaml).on;
    expect(Object.keys(on)).toEqual(['push', 'release', 'workflow_run', 'repository_dispatch', 'issue_comment', 'create']);
    expect(on).toEqual({
      push: { tags: ['v*'] },
      release: { types: ['published'] },
      workflow_run: { types: ['completed'], workflows: ['CI'], branches: ['main'] },
      repository_dispatch: { types: ['deploy'] },
      issue_comment: { types: ['created'] },
      create: null,
    });
    // The reason answers zizmor's dangerous-triggers audit on the event's own line.
    expect(yaml).toContain("\n  workflow_run: # zizmor: ignore[dangerous-triggers] reads the triggering run's conclusion only\n");
    expect(yaml).toContain('\n  issue_comment: # zizmor: ignore[dangerous-triggers] only labels the issue; runs nothing the comment brings\n');
    expect(yaml).toContain('\n  create: null\n');
    await expectValidWorkflow(yaml);
  });

  test('an activity type an event does not have is refused, listing the event\'s own', () => {
    expect(problemsOf({ release: { types: ['shipped'] } })).toEqual([
      'ci: triggers.release.types has unknown activity type "shipped"; use one of published, unpublished, created, edited, deleted, prereleased, released.',
    ]);
  });

  test('workflow_run needs the workflows whose runs start it and, like issue_comment, a reason it is safe; a filter an event does not take is refused', () => {
    expect(problemsOf({ workflowRun: { types: ['completed'] } as never, issueComment: { trustedBecause: 'a\nb' }, create: { branches: ['main'] } as never, release: { paths: ['x'] } as never })).toEqual([
      'ci: triggers.release.paths is not a filter of release; use types.',
      'ci: triggers.workflowRun.trustedBecause is undefined; workflow_run runs with the repository\'s token and secrets for activity anyone can cause, so say in one line why this workflow is safe on it (e.g. "reads the triggering run\'s status only"); it is written beside the event for zizmor\'s dangerous-triggers audit.',
      'ci: triggers.workflowRun needs workflows: the names of the workflows whose runs start this one, for example [\'CI\'].',
      expect.stringContaining('ci: triggers.issueComment.trustedBecause is "a\\nb"; issue_comment runs with'),
      'ci: triggers.create.branches is not a filter; the create event takes none, so give {}.',
    ]);
  });

  test('pull_request_target is refused with why; an unknown event lists the known ones', () => {
    const problems = problemsOf({ pullRequestTarget: {}, pushes: {} });
    expect(problems[0]).toBe('ci: triggers.pullRequestTarget is not offered: pull_request_target runs with a write token and the repository\'s secrets on pull requests from forks, ' +
      'so building or testing the fork\'s code there hands both to its author. Use pullRequest (forks get a read-only token; see ForkPullRequests).');
    expect(problems[1]).toMatch(/^ci: triggers\.pushes is not an event; use one of push, pullRequest, mergeGroup, .*workflowCall, release, workflowRun, .*status\.$/);
  });

  test('merge_group takes its one activity type', async () => {
    await expectValidWorkflow(workflow({ mergeGroup: { types: ['checks_requested'] } }).toYaml());
  });

  test('run-name may read github, inputs and vars only', async () => {
    const ci = new Workflow(tempProject(), 'ci', { triggers: { workflowDispatch: {} }, runName: 'Deploy by ${{ github.actor }}' });
    new RunnerJob(ci, 'job', { steps: [{ run: 'true' }] });
    const yaml = ci.toYaml();
    expect(YAML.parse(yaml)['run-name']).toBe('Deploy by ${{ github.actor }}');
    await expectValidWorkflow(yaml);
    const bad = new Workflow(tempProject(), 'ci', { triggers: { push: {} }, runName: 'x ${{ needs.a.outputs.b }}' });
    new RunnerJob(bad, 'job', { steps: [{ run: 'true' }] });
    expect(() => bad.toYaml()).toThrow('runName reads a context that does not exist when the run is named; use only github, inputs and vars.');
  });
});
