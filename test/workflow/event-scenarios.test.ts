import { Dict } from '../../src/expressions/expression-values';
import { eventScenarios } from '../../src/workflow/event-scenarios';
import { WorkflowTriggers } from '../../src/workflow/workflow-triggers';

/** The views a workflow with `triggers` gets: `<id>: <title>`. */
function views(triggers: WorkflowTriggers): string[] {
  return eventScenarios(triggers).map((s) => `${s.id}: ${s.title}`);
}

describe('eventScenarios', () => {
  test('push and pull requests give three views, in a fixed order; each event alone gives its own', () => {
    expect(views({ pullRequest: {}, push: { branches: ['main'] } })).toEqual([
      'push: push to main', 'pr: pull request from a branch of the repository', 'fork: pull request from a fork',
    ]);
    expect(views({ push: {} })).toEqual(['push: push to main']);
    expect(views({ pullRequest: { branches: ['develop'] } })).toEqual(['pr: pull request from a branch of the repository', 'fork: pull request from a fork']);
  });

  test('events the diagram does not draw give no view', () => {
    expect(views({ schedule: [{ cron: '0 4 * * 1' }], workflowDispatch: {}, mergeGroup: {} })).toEqual([]);
  });

  test('the default branch is main unless the push filter leaves it out and names another branch literally', () => {
    expect(views({ push: { branches: ['master'] } })).toEqual(['push: push to master']);
    expect(views({ push: { branches: ['release/*', 'master'] } })).toEqual(['push: push to master']);
    expect(views({ push: { branches: ['**'] } })).toEqual(['push: push to main']);
    expect(views({ push: { branches: ['ma*'] } })).toEqual(['push: push to main']);
    expect(views({ push: { branchesIgnore: ['dev/**'] } })).toEqual(['push: push to main']);
    expect(eventScenarios({ push: { branches: ['master'] }, pullRequest: {} }).map((s) => s.defaultBranch)).toEqual(['master', 'master', 'master']);
  });

  test('a push trigger that never runs on a push to the default branch gives no push view', () => {
    expect(views({ push: { tags: ['v*'] } })).toEqual([]);
    expect(views({ push: { branches: ['release/*'] } })).toEqual([]);
    expect(views({ push: { branchesIgnore: ['main'] } })).toEqual([]);
    expect(views({ push: { branches: ['*', '!main'] } })).toEqual([]);
    // Branches and tags: pushes to main run it.
    expect(views({ push: { branches: ['main'], tags: ['v*'] } })).toEqual(['push: push to main']);
  });

  test('each view carries the github context of its event: event name, ref, and whose repository the head is', () => {
    const [push, pr, fork] = eventScenarios({ push: {}, pullRequest: {} });
    const event = (s: typeof push) => s.github.get('event') as Dict;
    const headRepo = (s: typeof push) => (((event(s).get('pull_request') as Dict).get('head') as Dict).get('repo') as Dict).get('full_name');
    expect([push.github.get('event_name'), push.github.get('ref'), event(push).get('pull_request')]).toEqual(['push', 'refs/heads/main', null]);
    expect(pr.github.get('event_name')).toBe('pull_request');
    expect(headRepo(pr)).toBe(pr.github.get('repository'));
    expect(headRepo(fork)).not.toBe(fork.github.get('repository'));
    expect(((event(push).get('repository') as Dict).get('default_branch'))).toBe('main');
  });
});
