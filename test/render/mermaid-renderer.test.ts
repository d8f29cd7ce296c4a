import { renderMermaid } from '../../src/render/mermaid-renderer';

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
});
