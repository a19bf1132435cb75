/**
 * A body sent in chunks of `size` bytes (or of the sizes `size()` picks one after the other), so
 * lines, characters and secrets fall across chunk boundaries.
 */
export function chunkedBody(text: string, size: number | (() => number)): ReadableStream<Uint8Array> {
  const bytes = Buffer.from(text);
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      const next = typeof size === 'number' ? size : size();
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + next)));
      at += next;
    },
  });
}
