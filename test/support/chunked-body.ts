/**
 * A body of `text` in `chunk`-byte pieces with no declared length: what a chunked upload gives a
 * server, so a body limit must count bytes as they arrive rather than trust `Content-Length`.
 */
export function chunkedBody(text: string, chunk = 65_536): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + chunk));
      at += chunk;
    },
  });
}
