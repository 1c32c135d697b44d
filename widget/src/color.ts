// The accent colour is the business's choice (#rrggbb): text on it must stay readable, and where it
// is drawn on white or light grey (links, focus rings) it is darkened until it is.

type Rgb = [number, number, number];

function parse(hex: string): Rgb {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  const n = m ? parseInt(m[1]!, 16) : 0x2f6fed;
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function toHex(rgb: Rgb): string {
  return '#' + rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('');
}

/** WCAG relative luminance. */
function luminance(rgb: Rgb): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(parse(a)), luminance(parse(b))].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

/** The colour (white or near-black) for text drawn on `bg`, whichever reads better. */
export function textOn(bg: string): string {
  return contrast(bg, '#ffffff') >= contrast(bg, '#1b1f24') ? '#ffffff' : '#1b1f24';
}

/** `hex`, darkened just enough to reach `ratio` against `bg` (4.5: text and links) and so against anything lighter. */
export function inkOn(hex: string, bg: string, ratio = 4.5): string {
  let rgb = parse(hex);
  for (let i = 0; i < 40 && contrast(toHex(rgb), bg) < ratio; i++) rgb = rgb.map((c) => c * 0.92) as Rgb;
  return toHex(rgb);
}

/** The colour as #rrggbb (a bad value falls back to the default accent). */
export function normalizeColor(hex: string): string {
  return toHex(parse(hex));
}
