/**
 * Word (.docx) to Markdown: mammoth turns the document's styles into HTML (Heading 1–3 into h1–h3), which then takes
 * the HTML path. The title and dates of the core properties (docProps/core.xml) are read beside it: the title when
 * the document has no heading of its own, the date when the text states none.
 */
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { ImportError } from '../../errors';
import { readDate, statedDate } from './dates';
import { type Extracted, toMarkdown } from './html';
import { IMPORT_MESSAGES } from './messages';

/** A Word document's content, title and date; ImportError when it is no readable Word document. */
export async function fromDocx(bytes: Buffer): Promise<Extracted> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new ImportError('broken', IMPORT_MESSAGES.brokenWord);
  }
  if (!zip.file('word/document.xml')) throw new ImportError('type', IMPORT_MESSAGES.notWord);
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        styleMap: ["p[style-name='Title'] => h1:fresh", "p[style-name='Subtitle'] => p:fresh"],
        // Images carry no text the bot can answer from; an embedded file is never fetched.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        externalFileAccess: false,
      },
    );
    html = result.value;
  } catch {
    throw new ImportError('broken', IMPORT_MESSAGES.brokenWord);
  }
  const core =
    (await zip
      .file('docProps/core.xml')
      ?.async('string')
      .catch(() => undefined)) ?? '';
  const property = (name: string) => new RegExp(`<${name}[^>]*>([^<]*)</${name}>`).exec(core)?.[1]?.trim();
  const markdown = toMarkdown(html);
  const firstHeading = /^#{1,3} (.+)$/m.exec(markdown)?.[1];
  const title = firstHeading ?? decodeXml(property('dc:title') ?? '');
  const published = statedDate(markdown) ?? readDate(property('dcterms:created') ?? '') ?? readDate(property('dcterms:modified') ?? '');
  return { ...(title ? { title } : {}), ...(published ? { published } : {}), markdown };
}

function decodeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}
