// Checks a file before it is uploaded, with the session's limits (the server checks again), and
// writes sizes for people.
import { ATTACHMENT_TYPES } from '@contracts/limits';

export interface FileLike {
  name: string;
  size: number;
  /** The browser's guess; may be '' or application/octet-stream for a type it does not know. */
  type: string;
}

export interface FileLimits {
  attachmentBytes: number;
  attachmentMimes: readonly string[];
}

export type FileCheck = { ok: true; mime: string } | { ok: false; problem: 'tooBig' | 'badType' };

const byExtension = new Map<string, string>();
for (const [mime, exts] of Object.entries(ATTACHMENT_TYPES)) for (const ext of exts) byExtension.set(ext, mime);

/**
 * The type to upload a file as: the browser's when it is accepted, else the one its extension
 * implies when that is accepted (Windows calls a .csv application/vnd.ms-excel), else null.
 */
export function resolveMime(file: FileLike, accepted: readonly string[]): string | null {
  const type = file.type.toLowerCase();
  if (accepted.includes(type)) return type;
  const dot = file.name.lastIndexOf('.');
  const implied = dot >= 0 ? byExtension.get(file.name.slice(dot + 1).toLowerCase()) : undefined;
  return implied && accepted.includes(implied) ? implied : null;
}

export function checkFile(file: FileLike, limits: FileLimits): FileCheck {
  const mime = resolveMime(file, limits.attachmentMimes);
  if (!mime) return { ok: false, problem: 'badType' };
  if (file.size > limits.attachmentBytes) return { ok: false, problem: 'tooBig' };
  return { ok: true, mime };
}

/** The file picker's `accept`: the accepted types and the extensions that imply them. */
export function acceptList(accepted: readonly string[]): string {
  const out = new Set(accepted);
  for (const [ext, mime] of byExtension) if (accepted.includes(mime)) out.add(`.${ext}`);
  return [...out].join(',');
}

/** 2.5 MB / 2,5 МБ / 300 kB / 0.1 kB, as the language writes it. */
export function formatSize(bytes: number, lang: string): string {
  const mb = bytes >= 1024 * 1024;
  const value = mb ? bytes / (1024 * 1024) : Math.max(0.1, bytes / 1024);
  const unit = mb ? 'megabyte' : 'kilobyte';
  return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}
