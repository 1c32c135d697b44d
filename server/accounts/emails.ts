/** E-mails are stored and compared lower-cased and trimmed: sign-in is case-insensitive. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
