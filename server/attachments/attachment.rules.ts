import { ATTACHMENT_MIMES, ATTACHMENT_TYPES, LIMITS, type AttachmentMime } from '../../contracts/limits';

// What may be uploaded and how a file is named on the way out. Pure functions, unit-tested on their own.

/** How many leading bytes the content check reads (signatures sit in the first bytes; text is checked for NULs). */
export const SNIFF_BYTES = 4096;

/** Names browsers and systems use for types we accept under another name. */
const ALIASES: Record<string, AttachmentMime> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'application/x-zip-compressed': 'application/zip', // Chrome and Edge on Windows
  'application/x-zip': 'application/zip',
  'application/csv': 'text/csv',
  'audio/opus': 'audio/ogg',
  'audio/mp3': 'audio/mpeg',
};

/** Declared types that say nothing: then the file name's extension decides. */
const UNKNOWN = new Set(['', 'application/octet-stream', 'binary/octet-stream']);

/**
 * The allowed type a file is uploaded as, from the type the browser declared (or, when it declared
 * nothing useful, the name's extension); null when it is not allowed (SVG, HTML, executables…).
 * The content is checked separately (contentMatches).
 */
export function acceptedMime(declared: string, fileName: string): AttachmentMime | null {
  const mime = declared.split(';')[0]!.trim().toLowerCase();
  if ((ATTACHMENT_MIMES as string[]).includes(mime)) return mime as AttachmentMime;
  if (ALIASES[mime]) return ALIASES[mime];
  if (!UNKNOWN.has(mime)) return null;
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  if (!ext) return null;
  return ATTACHMENT_MIMES.find((m) => (ATTACHMENT_TYPES[m] as readonly string[]).includes(ext)) ?? null;
}

const startsWith = (head: Buffer, sig: string | number[], at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return head.length >= at + bytes.length && head.subarray(at, at + bytes.length).equals(bytes);
};
const ZIP = 'PK\x03\x04';

/**
 * Whether the first bytes of a file fit its type: the magic number for images, PDF and the
 * zip-based formats (Office, OpenDocument, zip); for text, no NUL byte (a renamed binary has them).
 * A browser renders by Content-Type, and nosniff stops it from guessing, but this keeps an .exe
 * called photo.png out of the history altogether.
 */
export function contentMatches(mime: AttachmentMime, head: Buffer): boolean {
  switch (mime) {
    case 'image/png':
      return startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(head, [0xff, 0xd8, 0xff]);
    case 'image/gif':
      return startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a');
    case 'image/webp':
      return startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8);
    // Readers accept the header anywhere in the first KiB (some generators put a few bytes before it).
    case 'application/pdf':
      return head.subarray(0, 1024).includes('%PDF-', 0, 'latin1');
    case 'application/zip':
      return startsWith(head, ZIP) || startsWith(head, 'PK\x05\x06'); // the second: an empty archive
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
    case 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet':
    case 'application/vnd.openxmlformats-officedocument.presentationml.presentation':
    case 'application/vnd.oasis.opendocument.text':
    case 'application/vnd.oasis.opendocument.spreadsheet':
      return startsWith(head, ZIP);
    case 'text/plain':
    case 'text/csv':
      return !head.subarray(0, SNIFF_BYTES).includes(0);
    case 'audio/ogg':
      return startsWith(head, 'OggS');
    case 'audio/mpeg':
      // An ID3 tag, or straight into an MPEG audio frame (11 sync bits).
      return startsWith(head, 'ID3') || (head.length >= 2 && head[0] === 0xff && (head[1]! & 0xe0) === 0xe0);
    case 'video/mp4':
      return startsWith(head, 'ftyp', 4);
  }
}

export function kindOf(mime: string): 'image' | 'audio' | 'video' | 'file' {
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('audio/')) return 'audio';
  if (mime.startsWith('video/')) return 'video';
  return 'file';
}

/** A short human name of the type, for error messages. */
export function typeLabel(mime: AttachmentMime): string {
  return ATTACHMENT_TYPES[mime][0].toUpperCase();
}

/** What operators may send, in words, for the "not accepted" message. */
export const ACCEPTED_IN_WORDS =
  'images (PNG, JPEG, GIF, WebP), PDF, plain text, CSV, Office and OpenDocument files (DOCX, XLSX, PPTX, ODT, ODS), ZIP, audio (OGG, MP3) and MP4 video';

// Control characters, and the invisible and bidirectional marks that make "gnp.exe" look like "exe.png".
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * The name kept for a file: the last path segment of what the browser sent, without control or
 * bidirectional characters, at most LIMITS.attachmentName characters (the extension kept), never empty.
 */
export function cleanFileName(raw: string): string {
  const base = raw.split(/[\\/]/).pop() ?? '';
  const name = base.normalize('NFC').replace(/\s+/g, ' ').replace(INVISIBLE, '').replace(/ {2,}/g, ' ').trim();
  if (!name || name === '.' || name === '..') return 'file';
  const chars = [...name];
  if (chars.length <= LIMITS.attachmentName) return name;
  const ext = /\.[^.]{1,10}$/.exec(name)?.[0] ?? '';
  return chars.slice(0, LIMITS.attachmentName - ext.length).join('') + ext;
}

/**
 * A Content-Disposition header for the name (RFC 6266): an ASCII `filename` for old clients and the
 * exact UTF-8 name in `filename*` (RFC 5987), which every current browser prefers.
 */
export function contentDisposition(type: 'inline' | 'attachment', name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
