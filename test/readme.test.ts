/**
 * The README shows the seed example's `.projenrc.ts` and its generated
 * workflow; both must be the real, current files (the example itself is
 * type-checked and synthesized by test/examples and test/e2e).
 */
import * as fs from 'fs';
import * as path from 'path';
import { buildSeed } from './support/seed';
import { tempProject } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The fenced code blocks of `markdown` in `lang`, in order. */
function codeBlocks(markdown: string, lang: string): string[] {
  const pattern = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm');
  return [...markdown.matchAll(pattern)].map((m) => m[1]);
}

describe('README', () => {
  test('the quickstart is exactly two commands: run the example, run the tests', () => {
    const commands = codeBlocks(README, 'sh')[0].split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(commands).toEqual(['npm ci && npm run example', 'npm ci && npm test']);
    expect(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toMatch(/^npm ci\b.*\nnpm test$/m);
  });

  test('the .projenrc.ts snippet is examples/seed/.projenrc.ts (without its comment lines)', () => {
    const example = fs.readFileSync(path.join(ROOT, 'examples', 'seed', '.projenrc.ts'), 'utf8')
      .split('\n').filter((line) => !line.startsWith('//')).join('\n');
    expect(codeBlocks(README, 'ts')[0]).toBe(example);
  });

  test('the generated YAML shown is the committed examples/seed workflow', () => {
    const workflow = fs.readFileSync(path.join(ROOT, 'examples', 'seed', '.github', 'workflows', 'ci.yml'), 'utf8');
    expect(codeBlocks(README, 'yaml')[0]).toBe(workflow);
  });
});

describe('README diagram', () => {
  test('the Mermaid block is what toMermaid() draws for the seed example', () => {
    expect(codeBlocks(README, 'mermaid')[0]).toBe(buildSeed(tempProject()).ci.toMermaid());
  });
});
