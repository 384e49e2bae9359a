/**
 * Documents made in the test, with facts invented for it: a web page with navigation and a footer around its
 * content, a Word document (OOXML parts zipped by jszip, with heading styles and core properties) and a PDF (pdf-lib,
 * headings in a larger font, dates in its info dictionary), and the bad files the importer must refuse.
 */
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';

export interface Section {
  heading: string;
  paragraphs: string[];
}

/** A web page: chrome (menu, cookie notice, footer) around an article whose date is stated in its text. */
export function htmlPage(title: string, sections: Section[], stated = 'Publicerad: 2024-05-02'): Buffer {
  const body = sections.map((s) => `<h2>${s.heading}</h2>\n${s.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}`).join('\n');
  return Buffer.from(`<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8"><title>${title} - Regionen</title>
<meta property="og:title" content="${title}"></head>
<body>
<header><nav aria-label="Huvudmeny"><ul><li><a href="/">Startsida</a></li><li><a href="/vard">Vård och hälsa</a></li>
<li><a href="/jobb">Jobba hos oss</a></li><li><a href="/kontakt">Kontakta oss</a></li></ul></nav>
<div class="cookie">Vi använder kakor för att webbplatsen ska fungera. Godkänn kakor.</div></header>
<main><article>
<h1>${title}</h1>
<p class="date">${stated}</p>
${body}
</article></main>
<footer><p>Regionens växel nås dygnet runt. Om webbplatsen. Tillgänglighetsredogörelse. Behandling av personuppgifter.</p></footer>
</body></html>`);
}

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const para = (text: string, style?: string) =>
  `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${esc(text)}</w:t></w:r></w:p>`;

/** A Word document: Title, Heading 1 sections, body paragraphs; `created` in its core properties. */
export async function docx(title: string, sections: Section[], created = '2023-09-14T08:00:00Z'): Promise<Buffer> {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>`,
  );
  zip.file(
    'word/_rels/document.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`,
  );
  const style = (id: string, name: string) =>
    `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/></w:style>`;
  zip.file(
    'word/styles.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${W}"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
${style('Title', 'Title')}${style('Heading1', 'heading 1')}${style('Heading2', 'heading 2')}</w:styles>`,
  );
  const body = [para(title, 'Title'), ...sections.flatMap((s) => [para(s.heading, 'Heading1'), ...s.paragraphs.map((p) => para(p))])];
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${W}"><w:body>${body.join('')}<w:sectPr/></w:body></w:document>`,
  );
  zip.file(
    'docProps/core.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>${esc(title)}</dc:title><dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2026-01-02T10:00:00Z</dcterms:modified></cp:coreProperties>`,
  );
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** A PDF: the title at 20 pt, headings at 14 pt, body text at 11 pt wrapped to the page; `created` in its info. */
export async function pdf(title: string, sections: Section[], created = new Date('2025-01-20T09:00:00Z')): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setCreationDate(created);
  doc.setModificationDate(new Date('2026-02-03T09:00:00Z'));
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  let page = doc.addPage([595, 842]);
  let y = 790;
  const line = (text: string, size: number, f = font) => {
    if (y < 60) {
      page = doc.addPage([595, 842]);
      y = 790;
    }
    page.drawText(text, { x: 50, y, size, font: f });
    y -= size * 1.3;
  };
  const wrap = (text: string, size: number) => {
    let current = '';
    for (const word of text.split(' ')) {
      const next = current ? `${current} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) > 495) {
        line(current, size);
        current = word;
      } else current = next;
    }
    if (current) line(current, size);
  };
  line(title, 20, bold);
  y -= 10;
  for (const s of sections) {
    line(s.heading, 14, bold);
    y -= 4;
    for (const p of s.paragraphs) {
      wrap(p, 11);
      y -= 11;
    }
    y -= 6;
  }
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** A PDF with one blank page: no text and no image. */
export async function emptyPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([595, 842]);
  return Buffer.from(await doc.save());
}

/** A PDF whose only page is an image, as a scanner makes: no text at all. */
export async function scannedPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(PNG);
  doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
  return Buffer.from(await doc.save());
}

/**
 * A PDF protected by a user password: the standard security handler (RC4, revision 2) in its trailer, with an /U
 * entry no empty password opens, as a "Kräv lösenord för att öppna" export makes.
 */
export async function encryptedPdf(): Promise<Buffer> {
  const text = (await pdf('Hemlig rapport', [{ heading: 'Innehåll', paragraphs: ['Rapporten skrevs 2024.'] }])).toString('latin1');
  const hex = (n: number) => 'ab'.repeat(n);
  const encrypt = `/Encrypt << /Filter /Standard /V 1 /R 2 /O <${hex(32)}> /U <${hex(32)}> /P -44 >>\n/ID [<${hex(16)}> <${hex(16)}>]\n`;
  return Buffer.from(
    text.replace(/trailer\s*<</, (m) => `${m}\n${encrypt}`),
    'latin1',
  );
}

/** A 1×1 PNG: the bytes of an image a communicator picks by mistake. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** A .docx that is not one: the zip signature, then garbage, as a download cut short leaves it. */
export function brokenDocx(): Buffer {
  const garbage = Buffer.alloc(2048);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
  return Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), garbage]);
}
