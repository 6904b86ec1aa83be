// What the numbers were measured on: machine, load, versions. Read-only.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, prismVersion } from './servers.mjs';

function versionOf(pkg) {
  try {
    return JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

export function machineInfo() {
  const list = cpus();
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty = git(['status', '--porcelain', '--untracked-files=no']);
  return {
    cpu: list[0]?.model ?? 'unknown',
    cores: list.length,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadavg: loadavg(),
    commit: commit ? `${commit}${dirty ? ' (with uncommitted changes)' : ''}` : 'unknown',
    versions: {
      'omnitron-mock': JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      hono: versionOf('hono'),
      '@hono/node-server': versionOf('@hono/node-server'),
      autocannon: versionOf('autocannon'),
      tsx: versionOf('tsx'),
      '@stoplight/prism-cli': prismVersion(),
    },
  };
}
