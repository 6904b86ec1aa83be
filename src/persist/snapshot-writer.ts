import { closeSync, openSync, readSync, renameSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How much snapshot text is built between two awaited writes (bounds each blocking slice). */
const BATCH_CHARS = 1 << 17;

/**
 * A snapshot's figures. A slice is the synchronous work between two awaited writes: the longest
 * one bounds how long the snapshot holds the event loop. `maxSliceCpuMs` is the CPU time of the
 * event-loop thread in it (garbage collection on that thread included) — what the snapshot costs
 * the server whatever else runs on the machine; `maxSliceMs` is wall time, which a busy machine
 * stretches.
 */
export interface SnapshotStats {
  maxSliceMs: number;
  maxSliceCpuMs: number;
  /** Characters written. */
  bytes: number;
  ms: number;
}

/**
 * Writes a snapshot's text (`stateChunks`) to `tmp` in batches of about 128 KiB, awaiting each
 * write, so the server gets the event loop back every few milliseconds however big the state
 * is; then fsyncs it. Answers null when `abandoned()` turns true on the way (SIGTERM), and throws
 * when a write fails (a full disk); either way nothing is renamed and `tmp` is removed, so a
 * partial snapshot neither outlives the mock nor keeps a full disk full.
 */
export async function writeSnapshot(
  tmp: string,
  chunks: Iterator<string, void>,
  abandoned: () => boolean,
): Promise<SnapshotStats | null> {
  // Closed before it began (a replace queued behind close()): the lock may be another process's
  // by now, and so may the .tmp — neither opened nor removed.
  if (abandoned()) return null;
  const handle = await open(tmp, 'w');
  const stats: SnapshotStats = { maxSliceMs: 0, maxSliceCpuMs: 0, bytes: 0, ms: 0 };
  const started = performance.now();
  const cpu = threadCpuClock();
  let written = false;
  try {
    let batch = '';
    let sliceStart = performance.now();
    let cpuStart = cpu.now();
    for (let next = chunks.next(); ; next = chunks.next()) {
      if (!next.done) batch += next.value;
      if (batch.length >= BATCH_CHARS || next.done) {
        stats.maxSliceCpuMs = Math.max(stats.maxSliceCpuMs, cpu.now() - cpuStart);
        stats.maxSliceMs = Math.max(stats.maxSliceMs, performance.now() - sliceStart);
        if (abandoned()) return null;
        stats.bytes += batch.length;
        await handle.write(batch);
        batch = '';
        sliceStart = performance.now();
        cpuStart = cpu.now();
      }
      if (next.done) break;
    }
    await handle.sync();
    written = true;
  } finally {
    cpu.close();
    await handle.close();
    if (!written) await unlink(tmp).catch(() => undefined);
  }
  stats.ms = performance.now() - started;
  return stats;
}

/**
 * Renames a written snapshot over the state file: atomic, so a reader sees the old or the new.
 * Synchronous, so a caller can swap state in the same tick; the directory's fsync (which makes
 * the rename itself survive a power cut) follows in the background.
 */
export function installSnapshot(tmp: string, path: string): void {
  renameSync(tmp, path);
  void syncDirectory(dirname(path));
}

/** Makes a directory's entries (a rename, a new file) survive a power cut, where the file system lets it. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
}

/**
 * CPU milliseconds of this (the event-loop) thread: Linux's per-thread `schedstat`, read through
 * one open descriptor (~15 µs a read); elsewhere the whole process's CPU time, which also counts
 * garbage-collector and I/O threads and so reads high.
 */
function threadCpuClock(): { now(): number; close(): void } {
  let fd: number | null = null;
  try {
    fd = openSync(`/proc/self/task/${process.pid}/schedstat`, 'r');
  } catch {
    fd = null;
  }
  if (fd === null) {
    return {
      now: () => {
        const u = process.cpuUsage();
        return (u.user + u.system) / 1000;
      },
      close: () => undefined,
    };
  }
  const buf = Buffer.alloc(128);
  const open = fd;
  return {
    now: () =>
      Number(buf.toString('latin1', 0, readSync(open, buf, 0, buf.length, 0)).split(' ')[0]) / 1e6,
    close: () => closeSync(open),
  };
}
