/** Reading the README's code blocks, for the tests that run what it says. */
import * as fs from 'fs';
import * as path from 'path';

export const README = fs.readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');

/** The fenced code blocks of `markdown` in `lang`, in order. */
export function codeBlocks(markdown: string, lang: string): string[] {
  const pattern = new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```$', 'gm');
  return [...markdown.matchAll(pattern)].map((m) => m[1]);
}

/** The commands of a shell block: its lines without comments and blank lines. */
export function commandsOf(block: string): string[] {
  return block.split('\n').map((line) => line.replace(/(^|\s+)#.*$/, '').trim()).filter((line) => line !== '');
}

/** The README's shell block whose first command is `first`. */
export function readmeShellSteps(first: string): string[] {
  const found = codeBlocks(README, 'sh').map(commandsOf).find((commands) => commands[0] === first);
  if (!found) {
    throw new Error(`README.md has no shell block starting with "${first}"`);
  }
  return found;
}
