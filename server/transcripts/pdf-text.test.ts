import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { pdfText } from './pdf-text.testkit';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');

function pdfOf(lines: string[]): Promise<Buffer> {
  const doc = new PDFDocument({ font: FONT });
  const parts: Buffer[] = [];
  doc.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(parts))));
  for (const line of lines) doc.text(line);
  doc.end();
  return done;
}

// The transcript tests read PDFs back with this testkit: it must read what pdfkit writes.
describe('reading text back from a pdfkit PDF', () => {
  it('reads ligatures ("fi", "fl", "ff" drawn as one glyph) and every character after them', async () => {
    const lines = ['office files fluffy 0123456789', 'Где мой заказ? 42-17', 'after: xyz'];
    const { pages, text } = pdfText(await pdfOf(lines));
    expect(pages).toBe(1);
    expect(text.split('\n')).toEqual(lines);
  });
});
