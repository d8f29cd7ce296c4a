/**
 * Draws a workflow as a Mermaid flowchart: one node per job, an arrow per
 * `needs` edge labelled with the outputs that flow along it (a build job's
 * `image`), and what each job builds or runs in; with views, one subgraph per
 * event, in which skipped jobs are dashed and grey and their edges dotted.
 * Plain text in, plain text out: this file knows Mermaid, not constructs and
 * not YAML.
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
  /** Whether the job runs in the view: `skipped` is drawn dashed and grey, `maybe` dashed. @default 'runs' */
  readonly state?: 'runs' | 'skipped' | 'maybe';
}

/** One event's picture: a subgraph of the jobs as they run on it. */
export interface DiagramView {
  /** The subgraph id (letters and digits); node ids are prefixed with it. */
  readonly id: string;
  /** The subgraph's title. */
  readonly title: string;
  readonly jobs: readonly DiagramJob[];
}

/** How skipped and undecided jobs look: dashed borders; grey text for skipped ones (readable on light and dark themes). */
const CLASS_DEFS = [
  '  classDef skipped stroke-dasharray: 5 5,stroke:#999999,color:#999999',
  '  classDef maybe stroke-dasharray: 2 2',
];

/**
 * The Mermaid source of a left-to-right flowchart of `jobs`. Node ids are
 * `j0`, `j1`, ... (job ids may contain `-`, which Mermaid reads as an edge);
 * labels are quoted and escaped, so any job name is safe.
 */
export function renderMermaid(title: string, jobs: readonly DiagramJob[]): string {
  const lines = [...header(title), ...graphLines(jobs, '', '  ')];
  if (jobs.some((job) => job.state !== undefined && job.state !== 'runs')) {
    lines.push(...CLASS_DEFS);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The Mermaid source of a flowchart with one subgraph per view, stacked in
 * the order given. Node ids are `<view id>_j0`, ...; skipped jobs are drawn
 * dashed and grey, undecided ones dashed, and an edge into or out of a
 * skipped job is dotted.
 */
export function renderMermaidViews(title: string, views: readonly DiagramView[]): string {
  const lines = header(title);
  for (const view of views) {
    lines.push(`  subgraph ${view.id}[${quote(view.title)}]`, '    direction LR', ...graphLines(view.jobs, `${view.id}_`, '    '), '  end');
  }
  lines.push(...CLASS_DEFS);
  return `${lines.join('\n')}\n`;
}

function header(title: string): string[] {
  // The title goes in YAML front matter; JSON's double-quoted string is valid YAML.
  return ['---', `title: ${JSON.stringify(title)}`, '---', 'flowchart LR'];
}

/** The nodes, then the edges, of `jobs`; node ids `<prefix>j<index>`. */
function graphLines(jobs: readonly DiagramJob[], prefix: string, indent: string): string[] {
  const lines: string[] = [];
  const nodeId = new Map(jobs.map((job, index) => [job.id, `${prefix}j${index}`]));
  const skipped = new Set(jobs.filter((job) => job.state === 'skipped').map((job) => job.id));
  for (const job of jobs) {
    const label = [job.name !== undefined && job.name !== job.id ? `${job.name} (${job.id})` : job.id, ...job.lines];
    const text = quote(label.join('\n'));
    const style = job.state === 'skipped' || job.state === 'maybe' ? `:::${job.state}` : '';
    lines.push(`${indent}${nodeId.get(job.id)}${job.builds === true ? `[[${text}]]` : `[${text}]`}${style}`);
  }
  for (const job of jobs) {
    for (const need of job.needs) {
      const from = nodeId.get(need.id);
      if (from === undefined) {
        continue; // a job outside this workflow: validation refuses it before anything is drawn
      }
      const line = skipped.has(job.id) || skipped.has(need.id) ? '-.->' : '-->';
      const arrow = need.label !== undefined && need.label !== '' ? `${line}|${quote(need.label)}|` : line;
      lines.push(`${indent}${from} ${arrow} ${nodeId.get(job.id)}`);
    }
  }
  return lines;
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
