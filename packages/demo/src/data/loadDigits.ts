import { decodeDigits, type Digits } from './digitsAsset';

/** The file name the build emits next to index.html. */
export const DIGITS_ASSET = 'mnist-digits.bin';

const isGzip = (b: Uint8Array) => b.length > 2 && b[0] === 0x1f && b[1] === 0x8b;

/**
 * Fetches the digits from the page's own origin and unpacks them. The asset is
 * gzipped by the build; a server that sends it with `Content-Encoding: gzip`
 * has already unpacked it, hence the magic-number check instead of trusting
 * the file name.
 */
export async function loadDigits(base: string = document.baseURI): Promise<Digits> {
  const url = new URL(DIGITS_ASSET, base);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Loading the digits from ${url} failed: HTTP ${response.status}.`);
  let bytes = new Uint8Array(await response.arrayBuffer());
  if (isGzip(bytes)) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  }
  return decodeDigits(bytes);
}
