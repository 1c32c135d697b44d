import { describe, expect, it } from 'vitest';
import { ATTACHMENT_MIMES } from '@contracts/limits';
import { acceptList, checkFile, formatSize, resolveMime } from './files';

const limits = { attachmentBytes: 10 * 1024 * 1024, attachmentMimes: ATTACHMENT_MIMES };
const file = (name: string, type: string, size = 100) => ({ name, type, size });

describe('resolveMime', () => {
  it('keeps an accepted type the browser gives', () => {
    expect(resolveMime(file('photo.PNG', 'image/png'), ATTACHMENT_MIMES)).toBe('image/png');
    expect(resolveMime(file('x', 'IMAGE/JPEG'), ATTACHMENT_MIMES)).toBe('image/jpeg');
  });

  it('falls back on the extension when the browser does not know the type or names it otherwise', () => {
    expect(resolveMime(file('voice.opus', ''), ATTACHMENT_MIMES)).toBe('audio/ogg');
    expect(resolveMime(file('table.csv', 'application/vnd.ms-excel'), ATTACHMENT_MIMES)).toBe('text/csv');
    expect(resolveMime(file('report.PDF', 'application/octet-stream'), ATTACHMENT_MIMES)).toBe('application/pdf');
  });

  it('refuses types that are not accepted, and those the session does not accept', () => {
    expect(resolveMime(file('logo.svg', 'image/svg+xml'), ATTACHMENT_MIMES)).toBeNull();
    expect(resolveMime(file('page.html', 'text/html'), ATTACHMENT_MIMES)).toBeNull();
    expect(resolveMime(file('noext', ''), ATTACHMENT_MIMES)).toBeNull();
    expect(resolveMime(file('a.png', 'image/png'), ['application/pdf'])).toBeNull();
  });
});

describe('checkFile', () => {
  it('passes a file within the limits, with the type to upload it as', () => {
    expect(checkFile(file('a.txt', ''), limits)).toEqual({ ok: true, mime: 'text/plain' });
  });

  it('names the problem: too big, or a refused type', () => {
    expect(checkFile(file('big.png', 'image/png', limits.attachmentBytes + 1), limits)).toEqual({ ok: false, problem: 'tooBig' });
    expect(checkFile(file('a.exe', 'application/x-msdownload'), limits)).toEqual({ ok: false, problem: 'badType' });
  });
});

describe('acceptList', () => {
  it('lists the types and their extensions for the file picker', () => {
    const list = acceptList(['image/png', 'audio/ogg']).split(',');
    expect(list).toEqual(['image/png', 'audio/ogg', '.png', '.ogg', '.oga', '.opus']);
  });
});

describe('formatSize', () => {
  it('writes sizes in each language', () => {
    expect(formatSize(512, 'en')).toBe('0.5 kB');
    expect(formatSize(3, 'en')).toBe('0.1 kB');
    expect(formatSize(300 * 1024, 'ru')).toBe('300 кБ');
    expect(formatSize(1536, 'en')).toBe('1.5 kB');
    expect(formatSize(10 * 1024 * 1024, 'en')).toBe('10 MB');
    expect(formatSize(2.5 * 1024 * 1024, 'ru')).toBe('2,5 МБ');
  });
});
