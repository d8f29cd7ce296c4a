/**
 * Synth-time checks of a build job's Buildx options (target, build args,
 * secrets, labels, contexts, switches). Each problem says how to fix it.
 */
import type { DockerBuildJobProps } from './docker-build-job-props';
import type { IDockerCache } from '../cache/docker-cache';

const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SECRET_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const STAGE = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const CONTEXT_NAME = /^[a-z0-9][a-z0-9._/-]*$/;

/** Problems with the build options (target, args, secrets, labels, switches, contexts). */
export function validateBuildOptions(p: DockerBuildJobProps): string[] {
  const problems: string[] = [];
  const show = (v: unknown) => JSON.stringify(v) ?? String(v);
  if (p.target !== undefined && (typeof p.target !== 'string' || !STAGE.test(p.target))) {
    problems.push(`target is ${show(p.target)}; give the name of a stage of the Dockerfile (FROM ... AS <name>), for example "runtime".`);
  }
  const map = (name: string, value: unknown, keyPattern: RegExp, keyHint: string, check: (key: string, v: unknown) => string | undefined) => {
    if (value === undefined) {
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      problems.push(`${name} is ${show(value)}; give an object, for example ${keyHint}.`);
      return;
    }
    for (const [key, v] of Object.entries(value as { [key: string]: unknown })) {
      if (!keyPattern.test(key)) {
        problems.push(`${name} key ${show(key)} is not valid; use keys like ${keyHint}.`);
      } else {
        const problem = check(key, v);
        if (problem !== undefined) {
          problems.push(problem);
        }
      }
    }
  };
  const oneLine = (name: string) => (key: string, v: unknown) =>
    (typeof v !== 'string' || /[\r\n]/.test(v) ? `${name}.${key} is ${show(v)}; give a one-line string.` : undefined);
  map('buildArgs', p.buildArgs, BUILD_ARG, '{ NODE_VERSION: \'22\' }', (key, v) =>
    (typeof v === 'string' && /\bsecrets\.|\bgithub\.token\b/.test(v)
      ? `buildArgs.${key} reads a secret, which would be stored in the image history; pass it as buildSecrets: { ${key.toLowerCase()}: '<SECRET_NAME>' } and mount it with RUN --mount=type=secret,id=${key.toLowerCase()}.`
      : oneLine('buildArgs')(key, v)));
  map('buildSecrets', p.buildSecrets, SECRET_ID, '{ npm_token: \'NPM_TOKEN\' }', (key, v) =>
    (typeof v !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) || v.toUpperCase().startsWith('GITHUB_')
      ? `buildSecrets.${key} is ${show(v)}; give the NAME of a repository or organisation secret (letters, digits and _, not starting with GITHUB_), for example "NPM_TOKEN", never the secret's value.`
      : undefined));
  map('labels', p.labels, /^[A-Za-z0-9][A-Za-z0-9._\/-]*$/, '{ \'org.opencontainers.image.source\': \'https://github.com/acme/app\' }', oneLine('labels'));
  map('buildContexts', p.buildContexts, CONTEXT_NAME, '{ assets: \'./assets\' }', (key, v) =>
    (typeof v !== 'string' || v.trim() === '' || /[\r\n]/.test(v) ? `buildContexts.${key} is ${show(v)}; give a path, a URL or docker-image://<image>.` : undefined));
  for (const [name, value] of [['provenance', p.provenance], ['sbom', p.sbom], ['noCache', p.noCache], ['pull', p.pull], ['metadataTags', p.metadataTags], ['attestProvenance', p.attestProvenance]] as const) {
    if (value !== undefined && typeof value !== 'boolean') {
      problems.push(`${name} is ${show(value)}; use true or false, or leave it out.`);
    }
  }
  return problems;
}

/** True when `cache` is a cache backend (checked by shape: users may pass anything from JavaScript). */
export function isCache(cache: unknown): cache is IDockerCache {
  return cache !== null && typeof cache === 'object' && typeof (cache as IDockerCache).bind === 'function' && typeof (cache as IDockerCache).validate === 'function';
}
