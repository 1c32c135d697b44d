import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { acceptedMime, cleanFileName, contentDisposition, contentMatches, kindOf } from './attachment.rules';
import { FILES } from './attachments.testkit';
import { checkedContent } from './checked-content';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('acceptedMime', () => {
  it('takes an allowed declared type, ignoring case and parameters, and known aliases', () => {
    expect(acceptedMime('image/png', 'a.png')).toBe('image/png');
    expect(acceptedMime('Text/Plain; charset=utf-8', 'a.txt')).toBe('text/plain');
    expect(acceptedMime('image/jpg', 'a.jpg')).toBe('image/jpeg');
    expect(acceptedMime('application/x-zip-compressed', 'a.zip')).toBe('application/zip');
  });

  it('refuses SVG, HTML, scripts and executables whatever the name says', () => {
    expect(acceptedMime('image/svg+xml', 'logo.svg')).toBeNull();
    expect(acceptedMime('text/html', 'page.png')).toBeNull();
    expect(acceptedMime('application/javascript', 'a.js')).toBeNull();
    expect(acceptedMime('application/x-msdownload', 'setup.exe')).toBeNull();
  });

  it('judges an undeclared type (octet-stream) by the extension, and still refuses unknown ones', () => {
    expect(acceptedMime('application/octet-stream', 'Отчёт.DOCX')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(acceptedMime('', 'prices.csv')).toBe('text/csv');
    expect(acceptedMime('application/octet-stream', 'logo.svg')).toBeNull();
    expect(acceptedMime('application/octet-stream', 'no-extension')).toBeNull();
  });
});

describe('contentMatches', () => {
  it('accepts real files by their magic number', () => {
    expect(contentMatches('image/png', FILES.png)).toBe(true);
    expect(contentMatches('image/jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF'))).toBe(true);
    expect(contentMatches('image/gif', bytes('GIF89a', [1, 0, 1, 0]))).toBe(true);
    expect(contentMatches('image/webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe(true);
    expect(contentMatches('application/pdf', FILES.pdf)).toBe(true);
    expect(contentMatches('application/pdf', bytes([0xef, 0xbb, 0xbf], '%PDF-1.7'))).toBe(true); // junk before the header
    expect(contentMatches('application/vnd.oasis.opendocument.text', bytes('PK\x03\x04', [20, 0]))).toBe(true);
    expect(contentMatches('application/zip', bytes('PK\x05\x06', Array(18).fill(0)))).toBe(true); // an empty archive
  });

  it('refuses content that does not match the declared type', () => {
    expect(contentMatches('image/png', FILES.exe)).toBe(false); // setup.exe renamed to photo.png
    expect(contentMatches('image/jpeg', FILES.png)).toBe(false);
    expect(contentMatches('image/webp', bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBe(false);
    expect(contentMatches('application/pdf', FILES.svg)).toBe(false);
    expect(contentMatches('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', FILES.pdf)).toBe(false);
    expect(contentMatches('image/png', Buffer.alloc(0))).toBe(false);
  });

  it('takes any text without NUL bytes as text (CSV from Excel is often not UTF-8), and refuses binaries as text', () => {
    expect(contentMatches('text/csv', Buffer.from('name;price\nКружка;500\n', 'utf8'))).toBe(true);
    expect(contentMatches('text/plain', Buffer.from([0xca, 0xf0, 0xf3, 0xe6, 0xea, 0xe0]))).toBe(true); // windows-1251
    expect(contentMatches('text/plain', FILES.exe)).toBe(false);
  });

  it('calls images images and everything else a file', () => {
    expect(kindOf('image/webp')).toBe('image');
    expect(kindOf('application/pdf')).toBe('file');
  });
});

describe('file names', () => {
  it('keeps the last path segment without control and bidirectional characters, never empty', () => {
    expect(cleanFileName('C:\\Users\\ira\\photo.png')).toBe('photo.png');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(cleanFileName('a\r\nb\t.txt')).toBe('a b .txt');
    expect(cleanFileName('  ')).toBe('file');
    expect(cleanFileName('..')).toBe('file');
  });

  it('shortens a long name to the limit, keeping the extension', () => {
    const name = cleanFileName(`${'я'.repeat(400)}.pdf`);
    expect([...name]).toHaveLength(255);
    expect(name.endsWith('я.pdf')).toBe(true);
  });

  it('writes Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 5987)', () => {
    expect(contentDisposition('attachment', 'Счёт №5 (final).pdf')).toBe(
      `attachment; filename="____ _5 (final).pdf"; filename*=UTF-8''%D0%A1%D1%87%D1%91%D1%82%20%E2%84%965%20%28final%29.pdf`,
    );
    expect(contentDisposition('inline', 'a"b\\c%d.png')).toBe(`inline; filename="a_b_c_d.png"; filename*=UTF-8''a%22b%5Cc%25d.png`);
  });
});

describe('checkedContent', () => {
  const chunks = (...bufs: Buffer[]) => Readable.from(bufs);
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: unknown) => (e instanceof AppError ? e : Promise.reject(e)),
    );

  it('passes a matching file through unchanged and counts its bytes', async () => {
    const c = checkedContent(chunks(FILES.pdf.subarray(0, 3), FILES.pdf.subarray(3)), { mime: 'application/pdf', name: 'a.pdf', maxBytes: 1024 });
    expect(await text(c.stream)).toBe(FILES.pdf.toString('latin1'));
    expect(c.size()).toBe(FILES.pdf.length);
  });

  it('fails at the first byte over the limit, without reading the rest', async () => {
    let read = 0;
    async function* endless() {
      for (;;) {
        read++;
        yield Buffer.alloc(1000, 0x61);
      }
    }
    const c = checkedContent(endless(), { mime: 'text/plain', name: 'big.txt', maxBytes: 10_000 });
    const err = await failure(text(c.stream));
    expect(err).toMatchObject({ code: 'payload_too_large' });
    expect(read).toBe(11);
  });

  it('fails a mismatching or empty file before any byte leaves', async () => {
    const c = checkedContent(chunks(FILES.exe), { mime: 'image/png', name: 'photo.png', maxBytes: 1024 });
    let passed = 0;
    c.stream.on('data', (b: Buffer) => {
      passed += b.length;
    });
    const err = await failure(new Promise((resolve, reject) => c.stream.on('end', resolve).on('error', reject)));
    expect(err).toMatchObject({ code: 'unsupported_type', message: expect.stringContaining('photo.png is not a real PNG file') });
    expect(passed).toBe(0);
    expect(await failure(text(checkedContent(chunks(), { mime: 'text/plain', name: 'e.txt', maxBytes: 1 }).stream))).toMatchObject({
      code: 'validation_failed',
    });
  });
});
