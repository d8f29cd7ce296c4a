/**
 * Draws a workflow as a Mermaid flowchart: one node per job, an arrow per
 * `needs` edge, and on the arrow from a build job to a container job the
 * image that job runs in. Plain text in, plain text out: this file knows
 * Mermaid, not constructs and not YAML.
 *
 * @see https://mermaid.js.org/syntax/flowchart.html
 */

/** What the diagram shows of one job. */
export interface DiagramJob {
  /** The job id. */
  readonly id: string;
  /** The display name, when it differs from the id. */
  readonly name?: string;
  /** The image name this job builds and pushes. */
  readonly builds?: string;
  /** The id of the build job whose image this job runs in. */
  readonly runsIn?: string;
  /** Ids of the jobs this job waits for. */
  readonly needs: readonly string[];
  /** A last line of the label, e.g. when the job runs. */
  readonly note?: string;
}

/**
 * The Mermaid source of a left-to-right flowchart of `jobs`. Node ids are
 * `j0`, `j1`, ... (job ids may contain `-`, which Mermaid reads as an edge);
 * labels are quoted and escaped, so any job name is safe.
 */
export function renderMermaid(title: string, jobs: readonly DiagramJob[]): string {
  const nodeId = new Map(jobs.map((job, index) => [job.id, `j${index}`]));
  const byId = new Map(jobs.map((job) => [job.id, job]));
  // The title goes in YAML front matter; JSON's double-quoted string is valid YAML.
  const lines = ['---', `title: ${JSON.stringify(title)}`, '---', 'flowchart LR'];
  for (const job of jobs) {
    const label = [job.name !== undefined && job.name !== job.id ? `${job.name} (${job.id})` : job.id];
    if (job.builds !== undefined) {
      label.push(`builds ${job.builds}`);
    }
    if (job.runsIn !== undefined) {
      label.push(`runs in ${byId.get(job.runsIn)?.builds ?? job.runsIn}@digest`);
    }
    if (job.note !== undefined) {
      label.push(job.note);
    }
    const text = quote(label.join('\n'));
    // A build job is drawn as a subroutine box, every other job as a rectangle.
    lines.push(job.builds !== undefined ? `  ${nodeId.get(job.id)}[[${text}]]` : `  ${nodeId.get(job.id)}[${text}]`);
  }
  for (const job of jobs) {
    for (const need of job.needs) {
      const from = nodeId.get(need);
      if (from === undefined) {
        continue; // a job outside this workflow: validation refuses it before anything is drawn
      }
      const arrow = need === job.runsIn ? '-->|"image"|' : '-->';
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
