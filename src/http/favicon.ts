/**
 * `/favicon.ico`: a 16×16 orange ring, drawn here as a 32-bit ICO (no file to ship, no
 * dependency). Browsers ask for it on every visit; answered, it no longer shows up as a 404.
 */
export function faviconIco(): Uint8Array {
  const size = 16;
  const pixels = size * size * 4;
  const mask = size * 4; // 1 bit per pixel, rows padded to 4 bytes; all 0: alpha decides
  const image = 40 + pixels + mask;
  const out = new Uint8Array(6 + 16 + image);
  const view = new DataView(out.buffer);
  // ICONDIR: reserved, type 1 (icon), one image.
  view.setUint16(2, 1, true);
  view.setUint16(4, 1, true);
  // ICONDIRENTRY: 16×16, no palette, 1 plane, 32 bpp, its size and offset.
  out[6] = size;
  out[7] = size;
  view.setUint16(10, 1, true);
  view.setUint16(12, 32, true);
  view.setUint32(14, image, true);
  view.setUint32(18, 22, true);
  // BITMAPINFOHEADER: the height counts the image and its mask (hence twice).
  view.setUint32(22, 40, true);
  view.setInt32(26, size, true);
  view.setInt32(30, size * 2, true);
  view.setUint16(34, 1, true);
  view.setUint16(36, 32, true);
  view.setUint32(42, pixels + mask, true);
  // Pixels bottom-up, as BGRA.
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      const d = Math.hypot(x - 7.5, y - 7.5);
      const at = 62 + ((size - 1 - y) * size + x) * 4;
      if (d > 7.5 || d < 3.5) continue;
      out.set([0x02, 0x60, 0xe3, 0xff], at);
    }
  }
  return out;
}
