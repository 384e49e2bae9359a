/**
 * What a file really is, from its first bytes, not its name: an uploaded "rapport.pdf" may be a photo, and a page
 * saved from a browser may be named anything. A name that promises one kind of document while the bytes are another
 * is refused, since the communicator has most likely picked the wrong file.
 */
import { ImportError } from '../../errors';
import { MAX_IMPORT_BYTES } from '../../limits';
import { IMPORT_MESSAGES } from './messages';

export type DocumentKind = 'html' | 'docx' | 'pdf';

const NAMED: Record<string, DocumentKind> = { html: 'html', htm: 'html', xhtml: 'html', docx: 'docx', pdf: 'pdf' };
const KIND_LABEL: Record<DocumentKind, string> = { html: 'en webbsida (HTML)', docx: 'ett Word-dokument', pdf: 'en PDF' };

const startsWith = (bytes: Buffer, magic: readonly number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);

/** Image formats people upload by mistake, by their signatures. */
function imageKind(bytes: Buffer): string | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47])) return 'PNG';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'JPEG';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'GIF';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'WebP';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'TIFF';
  if (bytes.subarray(0, 2).toString('latin1') === 'BM') return 'BMP';
  if (bytes.subarray(4, 12).toString('latin1').startsWith('ftyphei')) return 'HEIC';
  return undefined;
}

/** An OLE compound file: old Word (.doc), or an encrypted Office Open XML document wrapped in one. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The stream an encrypted .docx keeps its key information in, as the compound file names it (UTF-16LE). */
const ENCRYPTION_INFO = Buffer.from('EncryptionInfo', 'utf16le');

/** The kind of document the bytes are, or ImportError: too large, empty, an image, encrypted Word, or unknown. */
export function sniff(bytes: Buffer, fileName: string): DocumentKind {
  if (bytes.length > MAX_IMPORT_BYTES) throw new ImportError('too-large', IMPORT_MESSAGES.tooLarge(bytes.length));
  if (bytes.length === 0 || /^[\s\u0000\ufeff]*$/.test(bytes.subarray(0, 4096).toString('utf8')))
    throw new ImportError('empty', IMPORT_MESSAGES.empty);
  const image = imageKind(bytes);
  if (image) throw new ImportError('type', IMPORT_MESSAGES.image(image));
  let kind: DocumentKind;
  if (startsWith(bytes, OLE)) {
    if (bytes.includes(ENCRYPTION_INFO)) throw new ImportError('encrypted', IMPORT_MESSAGES.encryptedWord);
    throw new ImportError('type', IMPORT_MESSAGES.oldWord);
  } else if (bytes.subarray(0, 1024).includes('%PDF-')) kind = 'pdf';
  else if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) kind = 'docx';
  else if (looksLikeHtml(bytes)) kind = 'html';
  else throw new ImportError('type', IMPORT_MESSAGES.unknown);
  const extension = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const named = NAMED[extension];
  if (named && named !== kind) throw new ImportError('type', IMPORT_MESSAGES.mismatch(`.${extension}`, KIND_LABEL[kind]));
  return kind;
}

/** Text (no NUL in the first kilobytes) that opens with markup as a saved web page does. */
function looksLikeHtml(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return false;
  const text = head
    .toString('utf8')
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  return /^<(!doctype html|html|head|body|meta|title|!--|\?xml[^>]*>\s*<(!doctype html|html))/.test(text) || /<(html|body)[\s>]/.test(text);
}
