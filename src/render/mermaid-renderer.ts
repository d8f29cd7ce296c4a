/**
 * Draws a workflow as a Mermaid flowchart: one node per job, an arrow per
 * `needs` edge labelled with the outputs that flow along it (a build job's
 * `image`), and what each job builds or runs in. Plain text in, plain text
 * out: this file knows Mermaid, not constructs and not YAML.
 *
 * @see https://mermaid.js.org/syntax/flowchart.html
 */

/** What the diagram shows of one job. */
export interface DiagramJob {
  /** The job id. */
  readonly id: string;
  /** The display name, when it differs from the id. */
  readonly name?: string;
  /** Lines of the label after the id (what the job builds, runs in, or when it runs). */
  readonly lines: readonly string[];
  /** True for a job that builds something: drawn as a subroutine box. */
  readonly builds?: boolean;
  /** The jobs this job waits for, each with the outputs it reads of it. */
  readonly needs: readonly { readonly id: string; readonly label?: string }[];
}

/**
 * The Mermaid source of a left-to-right flowchart of `jobs`. Node ids are
 * `j0`, `j1`, ... (job ids may contain `-`, which Mermaid reads as an edge);
 * labels are quoted and escaped, so any job name is safe.
 */
export function renderMermaid(title: string, jobs: readonly DiagramJob[]): string {
  const nodeId = new Map(jobs.map((job, index) => [job.id, `j${index}`]));
  // The title goes in YAML front matter; JSON's double-quoted string is valid YAML.
  const lines = ['---', `title: ${JSON.stringify(title)}`, '---', 'flowchart LR'];
  for (const job of jobs) {
    const label = [job.name !== undefined && job.name !== job.id ? `${job.name} (${job.id})` : job.id, ...job.lines];
    const text = quote(label.join('\n'));
    lines.push(job.builds === true ? `  ${nodeId.get(job.id)}[[${text}]]` : `  ${nodeId.get(job.id)}[${text}]`);
  }
  for (const job of jobs) {
    for (const need of job.needs) {
      const from = nodeId.get(need.id);
      if (from === undefined) {
        continue; // a job outside this workflow: validation refuses it before anything is drawn
      }
      const arrow = need.label !== undefined && need.label !== '' ? `-->|${quote(need.label)}|` : '-->';
      lines.push(`  ${from} ${arrow} ${nodeId.get(job.id)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A double-quoted Mermaid label. Mermaid reads entity codes (`#quot;`) inside
 * labels; `<br/>` breaks lines. `<` and `>` are escaped so a name cannot
 * inject markup.
 */
function quote(text: string): string {
  const escaped = text
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/\r?\n/g, '<br/>');
  return `"${escaped}"`;
}
