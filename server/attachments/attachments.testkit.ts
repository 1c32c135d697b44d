// Test helpers for attachments: small real files and a multipart upload over app.inject.
import type { App } from '../http/app-type';
import type { Answer, Headers } from '../../test/world';

/** The smallest valid files of a few types (a 1×1 PNG, a tiny PDF), and look-alikes that are not. */
export const FILES = {
  png: Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64'),
  pdf: Buffer.from(
    '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
    'latin1',
  ),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'),
  /** The start of a Windows executable: "MZ", the DOS stub, NUL bytes. */
  exe: Buffer.concat([
    Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'),
    Buffer.alloc(64),
    Buffer.from('This program cannot be run in DOS mode.'),
  ]),
};

let n = 0;

/** POSTs one file as multipart/form-data to the lead's upload route; returns status and parsed body. */
export async function upload(app: App, headers: Headers, leadId: number, file: { name: string; mime: string; bytes: Buffer; field?: string }) {
  const boundary = `----metadesk-test-${++n}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\nContent-Type: ${file.mime}\r\n\r\n`;
  const payload = Buffer.concat([Buffer.from(head, 'utf8'), file.bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]);
  const r = await app.inject({
    method: 'POST',
    url: `/api/v1/leads/${leadId}/attachments`,
    headers: { ...headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  });
  return { status: r.statusCode, body: r.json() as Answer };
}
