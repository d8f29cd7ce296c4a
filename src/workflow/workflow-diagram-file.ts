import { IConstruct } from 'constructs';
import { FileBase, IResolver } from 'projen';
import type { Workflow } from './workflow';
import { headerLineFor } from './workflow-file';

/**
 * `.github/workflows/<id>.md`: the workflow drawn as a Mermaid flowchart,
 * which GitHub renders when the file is viewed. GitHub Actions only reads
 * `.yml`/`.yaml` files, so the Markdown file beside them is inert.
 */
export class WorkflowDiagramFile extends FileBase {
  constructor(private readonly workflow: Workflow & IConstruct, filePath: string) {
    super(workflow, filePath, { committed: true, readonly: true });
  }

  protected synthesizeContent(_resolver: IResolver): string | undefined {
    const yamlName = this.workflow.filePath.split('/').pop();
    return [
      `<!-- ${headerLineFor(this.project)} -->`,
      `# ${this.workflow.displayName}`,
      '',
      `The jobs of [\`${yamlName}\`](./${yamlName}): for each event that starts it, which jobs run, which are skipped `
        + '(dashed and grey, with the reason) and which image each job runs in. Arrows are `needs`, labelled with the outputs read along them.',
      '',
      '```mermaid',
      this.workflow.toMermaid().trimEnd(),
      '```',
      '',
    ].join('\n');
  }
}
