/**
 * Runs a fork fallback step's `run:` command as the runner would (bash with
 * the step's env), with a stand-in `docker` on PATH that executes
 * `docker run ... <image> <args>` on this machine instead of in the image.
 *
 * The stand-in keeps what matters for what the step's command passes into
 * the container: only the variables named by `-e NAME` reach the command
 * (with the value they have in the runner's shell, none when unset, as
 * docker does), the working directory is `-w` with the `-v` mount point
 * mapped back to its source, and the `--entrypoint` shell runs the
 * arguments after the image. The "container" starts with a fresh HOME and
 * without the system gitconfig (`GIT_CONFIG_NOSYSTEM`), like an image whose
 * git has no configuration of its own, so nothing on this machine can
 * mark a directory safe behind the test's back. Options the fallback
 * writes for other cases (`--network`, `--user`...) are refused: a test
 * that needs them must teach the stand-in first.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The stand-in, as a node script (argument parsing only; the command itself runs in the entrypoint shell). */
const FAKE_DOCKER = String.raw`
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const args = process.argv.slice(2);
if (args.shift() !== 'run') { console.error('fake docker: only "run" is supported'); process.exit(125); }
const names = [];
let workdir = '/';
let mount;
let entrypoint;
while (args.length > 0 && entrypoint === undefined) {
  const flag = args.shift();
  if (flag === '--rm') continue;
  else if (flag === '-v') { const v = args.shift(); const at = v.lastIndexOf(':'); mount = { source: v.slice(0, at), target: v.slice(at + 1) }; }
  else if (flag === '-w') workdir = args.shift();
  else if (flag === '-e') names.push(args.shift());
  else if (flag === '--entrypoint') entrypoint = args.shift();
  else { console.error('fake docker: unsupported option ' + flag); process.exit(125); }
}
args.shift(); // the image
const env = { PATH: process.env.PATH, HOME: fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-home-')), GIT_CONFIG_NOSYSTEM: '1' };
if (process.env.FAKE_DOCKER_PASS !== undefined) env[process.env.FAKE_DOCKER_PASS] = process.env[process.env.FAKE_DOCKER_PASS];
for (const name of names) if (process.env[name] !== undefined) env[name] = process.env[name];
const cwd = mount && (workdir === mount.target || workdir.startsWith(mount.target + '/')) ? mount.source + workdir.slice(mount.target.length) : workdir;
const result = spawnSync(entrypoint, args, { cwd, env, stdio: 'inherit' });
fs.rmSync(env.HOME, { recursive: true, force: true });
process.exit(result.status === null ? 1 : result.status);
`;

/** What one run of a step gave. */
export interface StepRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A step of the fallback job as the YAML has it. */
export interface RunStep {
  readonly run: string;
  readonly env?: { [name: string]: string };
}

export interface FakeDockerOptions {
  /** `GITHUB_WORKSPACE`: the directory the step mounts. */
  readonly workspace: string;
  /** One variable of the runner's environment to hand to the "container" as well (a test hook of git's, for example). */
  readonly passThrough?: { name: string; value: string };
}

/** Runs `step.run` with bash -eo pipefail (GitHub's default shell on Linux runners), `step.env` and the stand-in docker. */
export function runWithFakeDocker(step: RunStep, options: FakeDockerOptions): StepRun {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'pdc-docker-'));
  fs.writeFileSync(path.join(bin, 'docker'), `#!${process.execPath}\n${FAKE_DOCKER}`, { mode: 0o755 });
  const env: { [name: string]: string } = {
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    HOME: os.tmpdir(),
    GITHUB_WORKSPACE: options.workspace,
    ...step.env,
  };
  if (options.passThrough !== undefined) {
    env[options.passThrough.name] = options.passThrough.value;
    env.FAKE_DOCKER_PASS = options.passThrough.name;
  }
  const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], { env, encoding: 'utf8' });
  fs.rmSync(bin, { recursive: true, force: true });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
