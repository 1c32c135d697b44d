import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { TranscriptLang } from '../../contracts/transcripts';
import { authorLabel, formatTime, headerFields, MAX_TRANSCRIPT_MESSAGES, systemText, wordsFor, type Transcript } from './transcript';

// DejaVu Sans draws Cyrillic (and most scripts a lead writes in); pdfkit's built-in fonts cannot.
const require = createRequire(import.meta.url);
const FONTS = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
  italic: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Oblique.ttf'),
};
const INK = '#1f2328';
const MUTED = '#57606a';
const NOTE = '#7a4d00';
const MARGIN = 50;

/**
 * The transcript as an A4 PDF with the fonts embedded (subset), page numbers at the foot.
 * `compress: false` leaves the streams readable (tests read the text back).
 */
export function renderPdf(t: Transcript, lang: TranscriptLang, o: { compress?: boolean } = {}): Promise<Buffer> {
  const w = wordsFor(lang);
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    compress: o.compress ?? true,
    font: FONTS.regular,
    lang: lang === 'ru' ? 'ru-RU' : 'en-GB',
    displayTitle: true,
    info: { Title: w.title(t.dialogId), Author: t.business, Subject: t.lead, Creator: 'Metadesk' },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('italic', FONTS.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN * 2;
  doc.font('bold').fontSize(16).fillColor(INK).text(w.title(t.dialogId));
  doc.moveDown(0.6);
  for (const [label, value] of headerFields(t, w)) {
    doc.font('bold').fontSize(10).fillColor(MUTED).text(`${label}: `, { continued: true });
    doc.font('regular').fillColor(INK).text(value);
  }
  if (t.truncated) doc.moveDown(0.4).font('italic').fillColor(MUTED).text(w.truncated(MAX_TRANSCRIPT_MESSAGES));
  doc.moveDown(0.6);
  doc
    .moveTo(MARGIN, doc.y)
    .lineTo(MARGIN + width, doc.y)
    .lineWidth(0.5)
    .strokeColor('#d0d7de')
    .stroke();
  doc.moveDown(0.8);
  if (t.lines.length === 0) doc.font('italic').fontSize(10).fillColor(MUTED).text(w.empty);

  for (const line of t.lines) {
    const at = formatTime(line.at, t.timeZone);
    if (line.author === 'system') {
      doc
        .font('italic')
        .fontSize(9)
        .fillColor(MUTED)
        .text(`${at} — ${systemText(w, line)}`, { align: 'center', width });
      doc.moveDown(0.6);
      continue;
    }
    const color = line.note ? NOTE : INK;
    doc.font('bold').fontSize(10).fillColor(color).text(authorLabel(w, line), { continued: true });
    doc.font('regular').fontSize(8.5).fillColor(MUTED).text(`   ${at}`);
    if (line.text)
      doc
        .font(line.note ? 'italic' : 'regular')
        .fontSize(10.5)
        .fillColor(color)
        .text(line.text, { width });
    if (line.buttons.length)
      doc
        .font('regular')
        .fontSize(9)
        .fillColor(MUTED)
        .text(`[${w.buttons}: ${line.buttons.join(' | ')}]`, { width });
    if (line.files.length)
      doc
        .font('regular')
        .fontSize(9)
        .fillColor(MUTED)
        .text(`${w.attachments}: ${line.files.join(', ')}`, { width });
    doc.moveDown(0.7);
  }

  // Page numbers, written once the page count is known; the bottom margin is lifted so the foot fits.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${w.title(t.dialogId)} · ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN / 2 - 8, { width, align: 'center', lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
