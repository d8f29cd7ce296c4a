import { IConstruct } from 'constructs';
import { Project } from 'projen';

/**
 * The path of `construct` relative to its projen project, e.g. `ci/build_docker`.
 *
 * projen's root construct id embeds the output directory, which differs per
 * machine; messages use the part the user wrote in `.projenrc.ts`.
 */
export function constructPath(construct: IConstruct): string {
  const ids: string[] = [];
  for (const scope of construct.node.scopes) {
    if (scope instanceof Project) {
      ids.length = 0;
      continue;
    }
    ids.push(scope.node.id);
  }
  return ids.join('/');
}
