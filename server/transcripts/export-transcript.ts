import type { TranscriptFormat, TranscriptLang } from '../../contracts/transcripts';
import type { Actor } from '../shared/actor';
import type { Executor } from '../storage/db';
import { loadTranscript } from './load-transcript';
import { renderText } from './render-text';
import { transcriptBaseName, type Transcript } from './transcript';

export interface TranscriptFile {
  fileName: string;
  contentType: string;
  content: Buffer;
  transcript: Transcript;
}

/** A dialog's transcript as a file in the format and language asked for (see loadTranscript for who may). */
export async function exportTranscript(
  db: Executor,
  o: { actor: Actor; dialogId: number; format: TranscriptFormat; lang: TranscriptLang; notes: boolean },
): Promise<TranscriptFile> {
  const transcript = await loadTranscript(db, o);
  const base = transcriptBaseName(transcript, o.lang);
  if (o.format === 'pdf') {
    // Loaded on first use: pdfkit is the costliest package to load (~130 ms), and a start should not wait for it.
    const { renderPdf } = await import('./render-pdf');
    return { fileName: `${base}.pdf`, contentType: 'application/pdf', content: await renderPdf(transcript, o.lang), transcript };
  }
  return { fileName: `${base}.txt`, contentType: 'text/plain; charset=utf-8', content: Buffer.from(renderText(transcript, o.lang), 'utf8'), transcript };
}
