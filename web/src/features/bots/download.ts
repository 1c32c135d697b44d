// Saving an export document as a file the author keeps (and later imports).

/** A file name from the bot's name: letters (any script), digits, - and _, then `.bot.json`. */
export function exportFileName(botName: string): string {
  const base = botName
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}_-]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${base || 'bot'}.bot.json`;
}

/** Hands a JSON document to the browser as a download. */
export function downloadJson(doc: unknown, fileName: string): void {
  const url = URL.createObjectURL(new Blob([`${JSON.stringify(doc, null, 2)}\n`], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once it started; the next task may let the blob go.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
