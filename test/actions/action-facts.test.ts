/**
 * The action facts (src/actions/action-facts.ts) belong to the pinned
 * releases of the action table: when a pin moves, these tests fail until the
 * facts are re-read at the new commit.
 */
import { ACTION_FACTS, actionFactsFor, CACHE_RESTORE_FACTS, CACHE_SAVE_FACTS } from '../../src/actions/action-facts';
import { ACTION_TABLE, ActionKey, ActionTable } from '../../src/actions/action-table';

const TABLE: ActionTable = ACTION_TABLE;
const KEYS = Object.keys(ACTION_TABLE) as ActionKey[];

describe('the facts of each table action', () => {
  test('every table row has facts, and every facts entry belongs to a row', () => {
    expect(Object.keys(ACTION_FACTS).sort()).toEqual([...KEYS].sort());
    for (const key of KEYS) {
      expect(ACTION_FACTS[key].length).toBeGreaterThan(0);
    }
  });

  test.each(KEYS)('%s: read at the pinned commit and tag (a row without a pin: one tagged commit for all its files)', (key) => {
    const row = TABLE[key];
    const facts = ACTION_FACTS[key];
    for (const f of facts) {
      expect(f.source.repository).toBe(row.repository);
      expect(f.source.sha).toMatch(/^[0-9a-f]{40}$/);
      expect(f.source.tag).toMatch(/^v[0-9]+\.[0-9]+\.[0-9]+$/);
      if (row.pin !== undefined) {
        expect({ sha: f.source.sha, tag: f.source.tag }).toEqual({ sha: row.pin.sha, tag: row.pin.version });
      }
    }
    expect(new Set(facts.map((f) => `${f.source.tag} ${f.source.sha}`)).size).toBe(1);
  });

  test.each(KEYS)('%s: each action name matches its file, names are unique ignoring case, required inputs are inputs', (key) => {
    for (const f of ACTION_FACTS[key]) {
      const dir = f.source.path.replace(/\/?action\.ya?ml$/, '');
      expect(f.action).toBe(dir === '' ? f.source.repository : `${f.source.repository}/${dir}`);
      for (const names of [f.inputs, f.outputs]) {
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
        for (const name of names) {
          expect(name).toMatch(/^[A-Za-z_][A-Za-z0-9_-]*$/);
        }
      }
      for (const name of f.required) {
        expect(f.inputs).toContain(name);
      }
    }
  });

  test('the inputs and outputs the library relies on are declared by the pinned releases', () => {
    // A spot check of facts the library's output depends on, from each action.yml (the full check is the
    // action-facts check over every synthesized workflow, test/actions/action-facts-workflows.test.ts).
    expect(ACTION_FACTS.buildPush[0].outputs).toEqual(['imageid', 'digest', 'metadata']);
    expect(ACTION_FACTS.metadata[0].outputs).toEqual(expect.arrayContaining(['tags', 'labels']));
    expect(ACTION_FACTS.checkout[0].inputs).toContain('persist-credentials');
    expect(ACTION_FACTS.uploadArtifact[0].required).toEqual(['path']);
    expect(CACHE_RESTORE_FACTS.required).toEqual(['path', 'key']);
    expect(CACHE_SAVE_FACTS.inputs).not.toContain('restore-keys');
  });
});

describe('actionFactsFor', () => {
  test('finds an action or a sub-action by what a step writes before @, ignoring case', () => {
    expect(actionFactsFor('docker/login-action')).toBe(ACTION_FACTS.login[0]);
    expect(actionFactsFor('Docker/Login-Action')).toBe(ACTION_FACTS.login[0]);
    expect(actionFactsFor('actions/cache/restore')).toBe(CACHE_RESTORE_FACTS);
    expect(actionFactsFor('actions/cache/save')).toBe(CACHE_SAVE_FACTS);
  });

  test('knows nothing of other actions or of sub-paths the table does not list', () => {
    expect(actionFactsFor('actions/setup-node')).toBeUndefined();
    expect(actionFactsFor('actions/cache/other')).toBeUndefined();
    expect(actionFactsFor('docker/login-action@v4')).toBeUndefined();
  });
});
