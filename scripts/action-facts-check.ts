/**
 * The action-facts check: for every step that uses an action of the action
 * table (any ref: a major, a SHA, a branch), the `with:` keys the action does
 * not declare, the required inputs the step leaves out, and every
 * `steps.<id>.outputs.<name>` read in the job where step <id> is such an
 * action and declares no output <name>.
 *
 * Why a check of our own: the runner only WARNS about an unexpected input and
 * runs the action without it, and an undeclared output reads as '' (a push
 * gate or an image reference that silently goes empty). actionlint knows the
 * inputs of some majors only (1.7.7 not checkout v7, 1.6.22 none of 2025's),
 * and neither knows the pinned releases; src/actions/action-facts.ts does.
 *
 * Names compare ignoring case, as the runner's do (inputs become
 * `INPUT_<NAME>`; contexts are case-insensitive). A pure function of the
 * text: it reads no file and runs no validator; YAML the parser refuses
 * gives no findings here (the workflow parser reports it).
 */
// scripts/ is not packaged (.npmignore), so a dev dependency is what it may use.
// eslint-disable-next-line import/no-extraneous-dependencies
import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, YAMLMap } from 'yaml';
import { ActionFacts, actionFactsFor } from '../src/actions/action-facts';

/** One problem, shaped like the judge's findings (`scripts/judge-core.ts`). */
export interface ActionFactsFinding {
  readonly source: 'action-facts';
  /** 1-based line of the key, the `uses:` or the text that holds the read. */
  readonly line?: number;
  readonly message: string;
  readonly kind: 'unknown-input' | 'missing-input' | 'unknown-output';
}

/** `steps.<id>.outputs.<name>`, also in the index form `steps['id'].outputs['name']`. */
const OUTPUT_READ = /(?<![\w.-])steps(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']*)'\s*\])\.outputs(?:\.([A-Za-z_][\w-]*)|\[\s*'([^']*)'\s*\])/gi;

/** The expression text of `${{ ... }}` spans (an `if:` is an expression as a whole, `${{ }}` or not). */
function expressions(text: string, wholeIsExpression: boolean): string[] {
  const spans: string[] = [];
  let at = text.indexOf('${{');
  while (at !== -1) {
    const end = text.indexOf('}}', at + 3);
    spans.push(text.slice(at + 3, end === -1 ? undefined : end));
    at = end === -1 ? -1 : text.indexOf('${{', end + 2);
  }
  return spans.length === 0 && wholeIsExpression ? [text] : spans;
}

/** A step that uses a table action, and what it declares. */
interface FactsStep {
  readonly facts: ActionFacts;
  readonly uses: string;
}

class Checker {
  public readonly findings: ActionFactsFinding[] = [];
  private readonly lines = new LineCounter();
  private readonly doc: Document.Parsed;

  constructor(text: string) {
    this.doc = parseDocument(text, { lineCounter: this.lines });
  }

  public run(): void {
    if (this.doc.errors.length > 0) {
      return;
    }
    const jobs = this.deref(isMap(this.doc.contents) ? this.doc.contents.get('jobs', true) : undefined);
    if (!isMap(jobs)) {
      return;
    }
    for (const pair of jobs.items) {
      const job = this.deref(pair.value);
      if (isMap(job)) {
        this.checkJob(String(this.scalar(pair.key) ?? ''), job);
      }
    }
  }

  private checkJob(jobId: string, job: YAMLMap): void {
    const byId = new Map<string, FactsStep>();
    const steps = this.deref(job.get('steps', true));
    (isSeq(steps) ? steps.items : []).forEach((item, index) => {
      const step = this.deref(item);
      const uses = isMap(step) ? this.scalar(step.get('uses', true)) : undefined;
      if (!isMap(step) || typeof uses !== 'string') {
        return;
      }
      const at = uses.indexOf('@');
      const facts = at > 0 && !uses.startsWith('./') && !uses.startsWith('docker://') ? actionFactsFor(uses.slice(0, at)) : undefined;
      if (facts === undefined) {
        return;
      }
      const where = `jobs.${jobId}.steps[${index}] (${uses})`;
      const declared = `${facts.action} ${facts.source.tag}`;
      const withMap = this.deref(step.get('with', true));
      const given = new Set<string>();
      for (const pair of isMap(withMap) ? withMap.items : []) {
        const name = String(this.scalar(pair.key) ?? '');
        given.add(name.toLowerCase());
        if (!facts.inputs.some((input) => input.toLowerCase() === name.toLowerCase())) {
          this.add('unknown-input', pair.key as Node, `${where}: input "${name}" is not declared by ${declared}; ` +
            `its inputs are ${facts.inputs.join(', ')}. Remove it or use one of those names.`);
        }
      }
      for (const input of facts.required) {
        if (!given.has(input.toLowerCase())) {
          this.add('missing-input', step.get('uses', true) as Node, `${where}: required input "${input}" is missing ` +
            `(${declared} requires it and has no default). Add it under with:.`);
        }
      }
      const id = this.scalar(step.get('id', true));
      if (typeof id === 'string') {
        byId.set(id.toLowerCase(), { facts, uses });
      }
    });
    if (byId.size > 0) {
      this.checkReads(jobId, job, byId, false);
    }
  }

  /** Every string value under `node`: a read counts wherever the job evaluates it (with, env, run, if, outputs...). */
  private checkReads(jobId: string, node: unknown, byId: Map<string, FactsStep>, isIf: boolean): void {
    const value = this.deref(node);
    if (isMap(value)) {
      for (const pair of value.items) {
        this.checkReads(jobId, pair.value, byId, String(this.scalar(pair.key)) === 'if');
      }
    } else if (isSeq(value)) {
      value.items.forEach((item) => this.checkReads(jobId, item, byId, false));
    } else if (isScalar(value) && typeof value.value === 'string') {
      for (const expression of expressions(value.value, isIf)) {
        for (const match of expression.matchAll(OUTPUT_READ)) {
          const id = match[1] ?? match[2];
          const output = match[3] ?? match[4];
          const step = byId.get(id.toLowerCase());
          if (step !== undefined && !step.facts.outputs.some((o) => o.toLowerCase() === output.toLowerCase())) {
            const outputs = step.facts.outputs.length > 0 ? `its outputs are ${step.facts.outputs.join(', ')}` : 'it has no outputs';
            this.add('unknown-output', value, `jobs.${jobId}: ${match[0]} is read, but step "${id}" (${step.uses}) ` +
              `has no output "${output}" in ${step.facts.action} ${step.facts.source.tag} (${outputs}); it would read as ''.`);
          }
        }
      }
    }
  }

  private add(kind: ActionFactsFinding['kind'], node: Node | undefined, message: string): void {
    const offset = node?.range?.[0];
    this.findings.push({ source: 'action-facts', kind, message, ...(offset !== undefined ? { line: this.lines.linePos(offset).line } : {}) });
  }

  private deref(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.doc) : node;
  }

  private scalar(node: unknown): unknown {
    const value = this.deref(node);
    return isScalar(value) ? value.value : undefined;
  }
}

/** The findings of the action-facts check on one workflow's YAML text, by line. */
export function actionFactsFindings(yamlText: string): ActionFactsFinding[] {
  const checker = new Checker(yamlText);
  checker.run();
  // A stable sort: a job's input findings come before its read findings on the same line.
  return [...checker.findings].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
