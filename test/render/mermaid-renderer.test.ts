import { renderMermaid, renderMermaidViews } from '../../src/render/mermaid-renderer';

describe('renderMermaid', () => {
  test('draws build jobs as subroutines, other jobs as boxes, and labels each edge with the outputs read along it', () => {
    expect(renderMermaid('CI', [
      { id: 'build', builds: true, lines: ['builds ghcr.io/acme/app'], needs: [] },
      { id: 'unit', lines: ['runs in ghcr.io/acme/app@digest'], needs: [{ id: 'build', label: 'image' }] },
      { id: 'e2e', name: 'End to end', lines: ['runs in ghcr.io/acme/app@digest'], needs: [{ id: 'build', label: 'image' }, { id: 'unit' }] },
    ])).toBe([
      '---',
      'title: "CI"',
      '---',
      'flowchart LR',
      '  j0[["build<br/>builds ghcr.io/acme/app"]]',
      '  j1["unit<br/>runs in ghcr.io/acme/app@digest"]',
      '  j2["End to end (e2e)<br/>runs in ghcr.io/acme/app@digest"]',
      '  j0 -->|"image"| j1',
      '  j0 -->|"image"| j2',
      '  j1 --> j2',
      '',
    ].join('\n'));
  });

  test('node ids never contain job ids, so "-" in a job id cannot read as an edge', () => {
    const text = renderMermaid('x', [{ id: 'a-b', lines: [], needs: [] }, { id: 'c--d', lines: [], needs: [{ id: 'a-b' }] }]);
    expect(text).toContain('  j0["a-b"]\n  j1["c--d"]\n  j0 --> j1\n');
  });

  test('quotes, markup, # and newlines in names cannot break out of a label', () => {
    const text = renderMermaid('say "hi"\n# x', [{ id: 'a', name: '"><script> #1\nnext', lines: [], needs: [] }]);
    expect(text).toContain('title: "say \\"hi\\"\\n# x"');
    expect(text).toContain('  j0["#quot;#gt;#lt;script#gt; #35;1<br/>next (a)"]');
  });

  test('needs on a job outside the list are not drawn', () => {
    expect(renderMermaid('x', [{ id: 'a', lines: [], needs: [{ id: 'elsewhere' }] }])).not.toContain('-->');
  });

  test('an edge label is quoted like a node label', () => {
    const text = renderMermaid('x', [{ id: 'a', lines: [], needs: [] }, { id: 'b', lines: [], needs: [{ id: 'a', label: 'a"b, c' }] }]);
    expect(text).toContain('  j0 -->|"a#quot;b, c"| j1\n');
  });

  test('a skipped job in a single graph is styled, and the styles are declared once', () => {
    const text = renderMermaid('x', [{ id: 'a', lines: [], needs: [] }, { id: 'b', lines: [], needs: [{ id: 'a' }], state: 'skipped' }]);
    expect(text).toContain('  j1["b"]:::skipped\n  j0 -.-> j1\n  classDef skipped ');
    expect(renderMermaid('x', [{ id: 'a', lines: [], needs: [] }])).not.toContain('classDef');
  });
});

describe('renderMermaidViews', () => {
  test('one subgraph per view, in order, node ids prefixed with the view; skipped jobs dashed and their edges dotted, undecided ones dashed', () => {
    const jobs = (testState: 'runs' | 'skipped' | 'maybe') => [
      { id: 'build', builds: true, lines: ['builds app'], needs: [] },
      { id: 'test', lines: [testState === 'skipped' ? 'skipped: no image' : 'runs in app@digest'], needs: [{ id: 'build', label: 'image' }], state: testState },
      { id: 'result', lines: [], needs: [{ id: 'build' }, { id: 'test' }] },
    ];
    expect(renderMermaidViews('CI', [
      { id: 'push', title: 'push to main', jobs: jobs('runs') },
      { id: 'fork', title: 'pull request from a fork', jobs: jobs('skipped') },
      { id: 'pr', title: 'a "pull" request', jobs: jobs('maybe') },
    ])).toBe([
      '---',
      'title: "CI"',
      '---',
      'flowchart LR',
      '  subgraph push["push to main"]',
      '    direction LR',
      '    push_j0[["build<br/>builds app"]]',
      '    push_j1["test<br/>runs in app@digest"]',
      '    push_j2["result"]',
      '    push_j0 -->|"image"| push_j1',
      '    push_j0 --> push_j2',
      '    push_j1 --> push_j2',
      '  end',
      '  subgraph fork["pull request from a fork"]',
      '    direction LR',
      '    fork_j0[["build<br/>builds app"]]',
      '    fork_j1["test<br/>skipped: no image"]:::skipped',
      '    fork_j2["result"]',
      '    fork_j0 -.->|"image"| fork_j1',
      '    fork_j0 --> fork_j2',
      '    fork_j1 -.-> fork_j2',
      '  end',
      '  subgraph pr["a #quot;pull#quot; request"]',
      '    direction LR',
      '    pr_j0[["build<br/>builds app"]]',
      '    pr_j1["test<br/>runs in app@digest"]:::maybe',
      '    pr_j2["result"]',
      '    pr_j0 -->|"image"| pr_j1',
      '    pr_j0 --> pr_j2',
      '    pr_j1 --> pr_j2',
      '  end',
      '  classDef skipped stroke-dasharray: 5 5,stroke:#999999,color:#999999',
      '  classDef maybe stroke-dasharray: 2 2',
      '',
    ].join('\n'));
  });
});
