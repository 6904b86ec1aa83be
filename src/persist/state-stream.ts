import type { Store } from '../store/store.ts';
import type { TagIndex } from '../store/tag-index.ts';
import {
  applyLine,
  checkSequences,
  kindsOf,
  parseHeader,
  StateLineError,
  type StateHeader,
} from './state-lines.ts';
import { fieldsOf, storeFields } from '../state/store-views.ts';
import { checkReferences, type LineMap } from './check-records.ts';

/** About how much text one chunk holds: small enough that building it never blocks for long. */
const CHUNK_CHARS = 1 << 16;
/** A longer line is refused rather than buffered without end. */
const MAX_LINE_CHARS = 64 * 1024 * 1024;

/**
 * The whole state as NDJSON text chunks (`state-lines.ts`), produced lazily: a consumer that
 * pulls one chunk at a time — an HTTP response, a snapshot writer — never holds more than one
 * chunk, and the server gets the event loop back between chunks.
 *
 * The collections are captured when iteration starts; records written meanwhile may or may not
 * be included (each line is one immutable record as it was at some moment during the export).
 */
export function* stateChunks(
  store: Store,
  header: StateHeader,
): Generator<string, void, undefined> {
  const fields = fieldsOf(store);
  const captured = storeFields(store).map((f) => ({ ...f, value: fields[f.name] }));
  let buf = `${JSON.stringify(header)}\n`;
  let lines = 0;
  for (const { name, kind, value } of captured) {
    if (kind === 'map') {
      const prefix = `{"map":${JSON.stringify(name)},"k":`;
      for (const [k, v] of value as Map<unknown, unknown>) {
        buf += `${prefix}${JSON.stringify(k)},"v":${JSON.stringify(v)}}\n`;
        lines += 1;
        if (buf.length >= CHUNK_CHARS) {
          yield buf;
          buf = '';
        }
      }
    } else if (kind === 'tags') {
      for (const [resource, index] of Object.entries(value as Record<string, TagIndex>)) {
        const prefix = `{"tags":${JSON.stringify(resource)},"k":`;
        for (const [id, tags] of index.entries()) {
          buf += `${prefix}${id},"v":${JSON.stringify(tags)}}\n`;
          lines += 1;
          if (buf.length >= CHUNK_CHARS) {
            yield buf;
            buf = '';
          }
        }
      }
    } else {
      buf += `${JSON.stringify({ record: name, v: value })}\n`;
      lines += 1;
    }
  }
  buf += `${JSON.stringify({ end: true, lines })}\n`;
  yield buf;
}

/** `stateChunks` as a byte stream that produces a chunk only when the consumer asks for one. */
export function stateStream(store: Store, header: StateHeader): ReadableStream<Uint8Array> {
  const chunks = stateChunks(store, header);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    cancel() {
      chunks.return(undefined);
    },
  });
}

/**
 * Calls `onLine` for each newline-terminated line of a byte stream as it arrives, and answers
 * the unterminated rest (empty when the stream ends with a newline). Lines are handed over a
 * chunk at a time, synchronously, so reading never blocks longer than one chunk takes.
 */
export async function forEachLine(
  body: AsyncIterable<Uint8Array>,
  onLine: (text: string, lineNo: number) => void,
): Promise<{ tail: string; lines: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let lineNo = 0;
  let rest = '';
  const push = (text: string) => {
    rest += text;
    let start = 0;
    for (let nl = rest.indexOf('\n'); nl !== -1; nl = rest.indexOf('\n', start)) {
      lineNo += 1;
      onLine(rest.slice(start, nl), lineNo);
      start = nl + 1;
    }
    rest = rest.slice(start);
    if (rest.length > MAX_LINE_CHARS)
      throw new StateLineError(`line ${lineNo + 1}: longer than ${MAX_LINE_CHARS} characters`);
  };
  try {
    for await (const chunk of body) push(decoder.decode(chunk, { stream: true }));
    push(decoder.decode());
  } catch (err) {
    if (err instanceof TypeError && /encoded data|decode/i.test(err.message))
      throw new StateLineError(`line ${lineNo + 1}: not UTF-8 text`);
    throw err;
  }
  return { tail: rest, lines: lineNo };
}

/**
 * Reads a state document into `target` (an empty store) as its bytes arrive, line by line.
 * Throws `StateLineError` naming the first bad line (a record off its declared shape included),
 * a missing trailer (a truncated upload), a trailer whose count disagrees, or — once every line
 * is in — a broken reference, naming the line of the record that holds it; `target` is then
 * garbage, and the caller drops it. `references: false` leaves the graph to the caller (a
 * snapshot is whole only with the journals that follow it).
 */
export async function readState(
  body: AsyncIterable<Uint8Array>,
  target: Store,
  options: { references?: boolean } = {},
): Promise<StateHeader> {
  const kinds = kindsOf(target);
  const lineMap: LineMap | undefined = options.references === false ? undefined : new Map();
  let header: StateHeader | null = null;
  let data = 0;
  let ended = false;
  const take = (line: string, lineNo: number) => {
    if (line.trim() === '') return;
    if (ended) throw new StateLineError(`line ${lineNo}: nothing may follow the end line`);
    if (header === null) {
      header = parseHeader(line);
      return;
    }
    if (applyLine(target, line, lineNo, kinds, lineMap) === 'end') {
      const declared = (JSON.parse(line) as { lines: number }).lines;
      if (declared !== data)
        throw new StateLineError(
          `line ${lineNo}: the end line counts ${declared} lines, but ${data} came before it`,
        );
      ended = true;
    } else data += 1;
  };
  const { tail, lines } = await forEachLine(body, take);
  if (tail !== '') take(tail, lines + 1);
  if (header === null) throw new StateLineError('the document is empty');
  if (!ended)
    throw new StateLineError(
      `the document ends after line ${lines} without its end line (truncated?)`,
    );
  const sequences = checkSequences(target);
  if (sequences) {
    const line = lineMap?.get('record:sequences')?.get('sequences');
    throw new StateLineError(`${line === undefined ? '' : `line ${line}: `}${sequences}`);
  }
  if (lineMap) {
    const broken = checkReferences(target, lineMap);
    if (broken) throw new StateLineError(broken);
  }
  return header;
}
