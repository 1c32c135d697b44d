// The business's SMTP server (administrators): its settings, the password write-only, and a test message.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MailSent, SmtpSettings, SmtpSettingsBody, SmtpSettingsView } from '@contracts/mail';
import { api } from '../../lib/api';

export type { SmtpSettings, SmtpSettingsBody };

/** The server's bounds (contracts' SMTP_LIMITS), repeated so the bundle needs no schema library. */
export const SMTP_MAX = { host: 253, user: 254, password: 512, email: 254 } as const;

export const emailKeys = { smtp: ['business', 'smtp'] as const };

export function useSmtpSettings() {
  return useQuery({
    queryKey: emailKeys.smtp,
    queryFn: ({ signal }) => api.get<SmtpSettingsView>('/api/v1/business/smtp', signal).then((r) => r.smtp),
  });
}

export function useSaveSmtp() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SmtpSettingsBody) => api.put<SmtpSettingsView>('/api/v1/business/smtp', body),
    onSuccess: (r) => qc.setQueryData(emailKeys.smtp, r.smtp),
  });
}

export function useSendTestMail() {
  return useMutation({ mutationFn: (to: string) => api.post<MailSent>('/api/v1/business/smtp/test', { to }) });
}
