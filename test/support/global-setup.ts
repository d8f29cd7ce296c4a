/**
 * jest's globalSetup (configured in `.projenrc.ts`): installs the judge's
 * native tools (zizmor, actionlint; see `scripts/judge-tools.ts`) before any
 * test runs, so `npm ci && npm test` needs nothing on the machine but Node,
 * python3 and go. A second run finds them installed and takes milliseconds.
 */
import { installJudgeTools } from '../../scripts/judge-tools';

export default function globalSetup(): void {
  const started = Date.now();
  const { installed } = installJudgeTools({ log: (line) => console.log(line) });
  if (installed.length > 0) {
    console.log(`judge tools: installed ${installed.join(' and ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
