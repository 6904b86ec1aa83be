import { relative } from 'node:path';
import { STEP_METHODS } from '../contracts/scenario.ts';
import { startRecordingProxy } from './recording-proxy.ts';
import { Redactor } from './redactor.ts';
import { ScenarioRecorder, type GroupBy } from './scenario-recorder.ts';
import { writeRecordedScenario, type WrittenScenario } from './write-scenario.ts';

export interface RecordingOptions {
  /** The target's base URL (http or https). */
  target: URL;
  /** Where scenario files go. */
  outDir: string;
  /** 0 picks a free port. */
  port: number;
  /** A pause longer than this closes a scenario (and writes it). */
  gapMs: number;
  maxSteps: number;
  groupBy: GroupBy;
  /** Only paths under this prefix are recorded; everything is forwarded. */
  pathPrefix: string;
  /** Request headers recorded besides Authorization and Content-Type (lower case). */
  keepHeaders: readonly string[];
  maxBodyBytes: number;
  timeoutMs: number;
  onLine(line: string): void;
}

export interface Recording {
  url: string;
  port: number;
  /** Every scenario file written so far. */
  written: WrittenScenario[];
  /** Stops the proxy, then closes and writes every open scenario. Safe to call twice. */
  stop(): Promise<WrittenScenario[]>;
}

/**
 * `omnitron-mock record` without the command line: a recording proxy in front of `target`
 * whose exchanges become redacted scenario files in `outDir`, for the contract harness to replay.
 */
export async function startRecording(options: RecordingOptions): Promise<Recording> {
  const redactor = new Redactor();
  const written: WrittenScenario[] = [];
  const source = options.target.host;
  const recorder = new ScenarioRecorder({
    redactor, gapMs: options.gapMs, maxSteps: options.maxSteps, groupBy: options.groupBy,
    keepHeaders: options.keepHeaders, maxBodyBytes: options.maxBodyBytes, onLine: options.onLine,
    write(scenario) {
      const result = writeRecordedScenario(options.outDir, scenario, source);
      written.push(result);
      const where = relative(process.cwd(), result.file) || result.file;
      if (result.problems.length > 0) options.onLine(`WARN  ${where}: the harness would refuse it (${result.problems.join('; ')})`);
      else options.onLine(`WROTE ${where}  (${scenario.label}, ${result.steps} step${result.steps === 1 ? '' : 's'})`);
    },
  });
  const proxy = await startRecordingProxy({
    target: options.target,
    port: options.port,
    maxRecordedBytes: options.maxBodyBytes,
    timeoutMs: options.timeoutMs,
    records: (method, url, headers) =>
      (STEP_METHODS as readonly string[]).includes(method)
      && url.startsWith(options.pathPrefix)
      // A browser's CORS preflight is the browser talking, not the frontend.
      && !(method === 'OPTIONS' && headers['access-control-request-method'] !== undefined),
    onExchange: (exchange) => recorder.add(exchange),
    onPassThrough: ({ method, url, status, note }) => {
      const q = url.indexOf('?');
      const path = redactor.redactText(safeDecode(q < 0 ? url : url.slice(0, q)));
      options.onLine(`PASS  ${method} ${path}${q < 0 ? '' : '?…'} → ${status ?? '—'}  (${note})`);
    },
  });
  let stopping: Promise<WrittenScenario[]> | null = null;
  return {
    url: proxy.url,
    port: proxy.port,
    written,
    stop: () =>
      (stopping ??= proxy.close().then(() => {
        recorder.closeAll();
        return written;
      })),
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
