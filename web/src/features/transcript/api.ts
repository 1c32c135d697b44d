// A dialog's transcript: the download links (the browser saves the file) and sending it by e-mail.
import { useMutation } from '@tanstack/react-query';
import type { EmailTranscriptBody, TranscriptFormat, TranscriptLang, TranscriptSent } from '@contracts/transcripts';
import { api, qs } from '../../lib/api';

export type { TranscriptFormat, TranscriptLang };

/** Where the browser downloads the transcript (the session cookie goes with it; the server names the file). */
export function transcriptUrl(dialogId: number, o: { format: TranscriptFormat; lang: TranscriptLang; notes: boolean }): string {
  return `/api/v1/dialogs/${dialogId}/transcript${qs({ format: o.format, lang: o.lang, notes: o.notes ? 1 : undefined })}`;
}

export function useEmailTranscript(dialogId: number) {
  return useMutation({
    mutationFn: (body: EmailTranscriptBody) => api.post<TranscriptSent>(`/api/v1/dialogs/${dialogId}/transcript/email`, body),
  });
}
