// Reads back the text a PDF made by pdfkit shows, for tests: pdfkit writes text as glyph ids of
// the embedded font subset, and each font's ToUnicode map says which characters they are. Enough of
// PDF for pdfkit's own output (Identity-H fonts, TJ arrays of hex strings), not a general parser.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

/**
 * The file's objects, read one after another: each stream is cut by its /Length, so compressed bytes
 * that happen to spell "endobj" or "1 0 obj" are never taken for structure.
 */
function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const head = /(\d+) 0 obj\s*/g;
  for (let m = head.exec(text); m; m = head.exec(text)) {
    const body = m.index + m[0].length;
    const end = text.indexOf('endobj', body);
    const s = text.indexOf('stream', body);
    if (s < 0 || s > end) {
      out.set(Number(m[1]), { dict: text.slice(body, end), stream: null });
      head.lastIndex = end + 'endobj'.length;
      continue;
    }
    const dict = text.slice(body, s);
    const start = s + 'stream'.length + (text[s + 6] === '\r' ? 2 : 1);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const raw = pdf.subarray(start, start + length);
    let stream: Buffer | null = raw;
    if (/\/FlateDecode/.test(dict)) {
      try {
        stream = inflateSync(raw);
      } catch {
        stream = null;
      }
    }
    out.set(Number(m[1]), { dict, stream });
    head.lastIndex = text.indexOf('endobj', start + length) + 'endobj'.length;
  }
  return out;
}

/** glyph code → characters, from a ToUnicode CMap (bfrange with arrays or a start value, and bfchar). */
function cmap(src: string): Map<number, string> {
  const map = new Map<number, string>();
  // A ligature's glyph stands for several characters: "<0066 0069>" is "fi".
  const chars = (hex: string) => String.fromCharCode(...(hex.replace(/\s+/g, '').match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const block of src.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const line of block[1]!.split('\n')) {
      const arr = line.match(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[(.*)\]/);
      if (arr) {
        const from = parseInt(arr[1]!, 16);
        [...arr[3]!.matchAll(/<([0-9a-fA-F\s]+)>/g)].forEach((v, i) => map.set(from + i, chars(v[1]!)));
        continue;
      }
      const one = line.match(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/);
      if (one) for (let c = parseInt(one[1]!, 16), u = parseInt(one[3]!, 16); c <= parseInt(one[2]!, 16); c++, u++) map.set(c, String.fromCharCode(u));
    }
  }
  for (const block of src.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const v of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(v[1]!, 16), chars(v[2]!));
  return map;
}

/** The PDF's pages, each page's text runs joined, one line per text object. */
export function pdfText(pdf: Buffer): { pages: number; text: string } {
  const objs = objects(pdf);
  // Font resource names (/F1) → the font's ToUnicode map.
  const fonts = new Map<string, Map<number, string>>();
  for (const o of objs.values()) {
    for (const r of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) {
      const font = objs.get(Number(r[2]));
      const tu = font?.dict.match(/\/ToUnicode (\d+) 0 R/);
      const src = tu ? objs.get(Number(tu[1]))?.stream : null;
      if (src) fonts.set(r[1]!, cmap(src.toString('latin1')));
    }
  }
  const pageObjs = [...objs.values()].filter((o) => /\/Type \/Page\b/.test(o.dict));
  const lines: string[] = [];
  for (const page of pageObjs) {
    const contents = page.dict.match(/\/Contents (\d+) 0 R/);
    const stream = contents ? objs.get(Number(contents[1]))?.stream : null;
    if (!stream) continue;
    let font = new Map<number, string>();
    for (const bt of stream.toString('latin1').matchAll(/BT([\s\S]*?)ET/g)) {
      let line = '';
      for (const op of bt[1]!.matchAll(/\/(F\d+) [\d.]+ Tf|\[(.*?)\] TJ/g)) {
        if (op[1]) font = fonts.get(op[1]) ?? new Map();
        else
          for (const hex of op[2]!.matchAll(/<([0-9a-fA-F]+)>/g))
            line += (hex[1]!.match(/.{4}/g) ?? []).map((g) => font.get(parseInt(g, 16)) ?? '\uFFFD').join('');
      }
      lines.push(line);
    }
  }
  return { pages: pageObjs.length, text: lines.join('\n') };
}
