/**
 * PDF to Markdown with pdfjs-dist (Mozilla's PDF.js, its legacy build for Node): the text items of each page become
 * lines, lines become paragraphs at a vertical gap, and a short line set in a larger font than the body text becomes
 * a heading (the largest sizes `#`, the next `##`, the rest `###`). The library is loaded on first use, so the service
 * starts without it. A PDF without text is told apart: scanned pages (images, no text) or nothing at all.
 */
import { ImportError } from '../../errors';
import { readDate, statedDate } from './dates';
import type { Extracted } from './html';
import { IMPORT_MESSAGES } from './messages';

interface Line {
  text: string;
  size: number;
  y: number;
  page: number;
}

/** A heading is set at least this much larger than the body text. */
const HEADING_RATIO = 1.15;
/** A heading is a short line: longer text in a large font is a lead paragraph. */
const MAX_HEADING_CHARS = 120;
/** A vertical gap of more than this many line heights starts a new paragraph. */
const PARAGRAPH_GAP = 1.5;

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' }});
let loading: Promise<Pdfjs> | undefined;
const pdfjs = () => {
  loading ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return loading;
};

/** A PDF's text with headings, its title and date; ImportError when it is encrypted, broken, empty or scanned. */
export async function fromPdf(bytes: Buffer): Promise<Extracted> {
  const lib = await pdfjs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: lib.VerbosityLevel.ERRORS,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (e) {
    await task.destroy().catch(() => undefined);
    if ((e as Error).name === 'PasswordException') throw new ImportError('encrypted', IMPORT_MESSAGES.encryptedPdf);
    throw new ImportError('broken', IMPORT_MESSAGES.brokenPdf);
  }
  try {
    const lines: Line[] = [];
    let images = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      lines.push(...linesOf(content.items as { str?: string; transform?: number[]; height?: number; hasEOL?: boolean }[], n));
      if (!lines.some((l) => l.page === n)) {
        const ops = await page.getOperatorList();
        const paint = new Set([lib.OPS.paintImageXObject, lib.OPS.paintInlineImageXObject, lib.OPS.paintImageMaskXObject]);
        images += ops.fnArray.filter((f) => paint.has(f)).length;
      }
      page.cleanup();
    }
    if (!lines.some((l) => l.text.trim()))
      throw images > 0 ? new ImportError('scanned', IMPORT_MESSAGES.scanned) : new ImportError('empty', IMPORT_MESSAGES.emptyPdf);
    const info = ((await doc.getMetadata().catch(() => undefined))?.info ?? {}) as Record<string, unknown>;
    const markdown = toMarkdown(lines);
    const firstHeading = /^#{1,3} (.+)$/m.exec(markdown)?.[1];
    const infoTitle = typeof info.Title === 'string' ? info.Title.trim() : '';
    const title = firstHeading ?? infoTitle;
    const published = statedDate(markdown) ?? readDate(String(info.CreationDate ?? '')) ?? readDate(String(info.ModDate ?? ''));
    return { ...(title ? { title } : {}), ...(published ? { published } : {}), markdown };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** A page's text items joined into lines by their baseline, top to bottom. */
function linesOf(items: { str?: string; transform?: number[]; height?: number; hasEOL?: boolean }[], page: number): Line[] {
  const lines: Line[] = [];
  let current: Line | undefined;
  for (const item of items) {
    if (typeof item.str !== 'string' || !item.transform) continue;
    const [a = 0, b = 0, , , , y = 0] = item.transform;
    const size = Math.round(Math.hypot(a, b) * 10) / 10 || item.height || 0;
    if (current && Math.abs(current.y - y) < Math.max(2, size / 2)) {
      current.text += needsSpace(current.text, item.str) ? ` ${item.str}` : item.str;
      current.size = Math.max(current.size, item.str.trim() ? size : 0);
    } else if (item.str.trim()) {
      current = { text: item.str, size, y, page };
      lines.push(current);
    }
    if (item.hasEOL) current = undefined;
  }
  return lines.map((l) => ({ ...l, text: l.text.replace(/\s+/g, ' ').trim() })).filter((l) => l.text);
}

const needsSpace = (before: string, next: string) => !!before && !/\s$/.test(before) && !/^\s/.test(next) && next !== '';

/** Lines to Markdown: headings by font size (see the header), paragraphs at a gap or a new page. */
function toMarkdown(lines: Line[]): string {
  const weight = new Map<number, number>();
  for (const l of lines) weight.set(l.size, (weight.get(l.size) ?? 0) + l.text.length);
  const body = [...weight.entries()].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 0;
  const isHeading = (l: Line) => l.size >= body * HEADING_RATIO && l.text.length <= MAX_HEADING_CHARS;
  const headingSizes = [...new Set(lines.filter(isHeading).map((l) => l.size))].sort((x, y) => y - x);
  const level = (size: number) => Math.min(3, headingSizes.indexOf(size) + 1);
  const out: string[] = [];
  let paragraph: string[] = [];
  let previous: Line | undefined;
  const flush = () => {
    if (paragraph.length) out.push(paragraph.join(' ').replace(/^(#{1,6})(?=\s|$)/, '\\$1'));
    paragraph = [];
  };
  for (const l of lines) {
    if (isHeading(l)) {
      flush();
      // A heading set on two lines is one heading.
      const last = out[out.length - 1];
      if (previous && isHeading(previous) && previous.size === l.size && previous.page === l.page && last?.startsWith('#'))
        out[out.length - 1] = `${last} ${l.text}`;
      else out.push(`${'#'.repeat(level(l.size))} ${l.text.replace(/\{#?|\}/g, '')}`);
    } else {
      const gap = previous && previous.page === l.page ? previous.y - l.y : Number.POSITIVE_INFINITY;
      if (!previous || isHeading(previous) || previous.page !== l.page || gap > PARAGRAPH_GAP * Math.max(l.size, 1)) flush();
      paragraph.push(l.text);
    }
    previous = l;
  }
  flush();
  return out.join('\n\n');
}
