import type { JobModel } from './workflow-model';

/** What the notes read of a job: whether an output of it is an image pinned by digest. */
export interface DigestProducer {
  readonly jobId: string;
  _digestPinnedOutput(name: string): boolean;
}

/**
 * Marks each container and service image that is exactly one output a job
 * of this workflow declares as an image pinned by digest (a build job's
 * `image`): the renderer writes why it is pinned beside it, for auditors
 * that cannot see through the expression (zizmor's unpinned-images).
 */
export function withDigestNotes(model: JobModel, byId: ReadonlyMap<string, DigestProducer>): JobModel {
  const note = (image: string): string | undefined => {
    const match = /^\$\{\{\s*needs\.([A-Za-z_][A-Za-z0-9_-]*)\.outputs\.([A-Za-z_][A-Za-z0-9_-]*)\s*\}\}$/.exec(image.trim());
    const producer = match && byId.get(match[1].toLowerCase());
    return producer && producer._digestPinnedOutput(match[2]) ? `a digest: the image job ${producer.jobId} pushed in this run` : undefined;
  };
  if (model.container === undefined && model.services === undefined) {
    return model;
  }
  const services = model.services && Object.fromEntries(Object.entries(model.services).map(([id, s]) => [id, { ...s, imageNote: note(s.image) }]));
  return { ...model, container: model.container && { ...model.container, imageNote: note(model.container.image) }, services };
}
