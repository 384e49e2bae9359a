/**
 * HTML to Markdown: the page's main content only, without navigation, menus, cookie banners and footers
 * (Readability, the library behind Firefox's Reader View, over linkedom's DOM), then Markdown by turndown. Word
 * documents come here too, as the HTML mammoth makes of them. The Markdown is knowledge text, not a rendering: links
 * become their words, images and emphasis go, and headings below h3 become plain paragraphs.
 */
import { Readability } from '@mozilla/readability';
import TurndownService from 'turndown';
import { ImportError } from '../../errors';
import { MAX_HTML_DEPTH, MAX_HTML_ELEMENTS } from '../../limits';
import { readDate, statedDate } from './dates';
import { IMPORT_MESSAGES } from './messages';

/** What a document gives the importer: its own title and date when it states them, and its content as Markdown. */
export interface Extracted {
  title?: string;
  published?: string;
  /** Markdown with `#`–`###` headings. */
  markdown: string;
}

/** Meta tags that carry a page's publication date, most specific first, then those of its last change. */
const DATE_META = [
  'article:published_time',
  'datePublished',
  'dcterms.issued',
  'DC.date.issued',
  'publishdate',
  'pubdate',
  'date',
  'DC.date',
  'dcterms.created',
  'article:modified_time',
  'dateModified',
  'dcterms.modified',
  'og:updated_time',
  'last-modified',
];

/** Elements that are never content, removed before Readability scores what is left. */
const CHROME =
  'script, style, noscript, template, nav, header, footer, aside, form, iframe, [role=navigation], [role=banner], [role=contentinfo], [role=search], [class*=cookie], [id*=cookie]';

/** A header or footer inside the article (its byline, its date) is the article's own; elsewhere it is the site's. */
function insideContent(el: { tagName: string; parentElement: unknown }): boolean {
  if (!/^(header|footer)$/i.test(el.tagName)) return false;
  for (let p = el.parentElement as { tagName?: string; parentElement?: unknown } | null; p; p = p.parentElement as typeof p)
    if (/^(article|main)$/i.test(p.tagName ?? '')) return true;
  return false;
}

/** Elements that never hold others, so never nest deeper. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** Elements the parser closes by itself when the next of their kind (or their parent's end) comes: never deep. */
const SELF_ENDING = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'rt', 'rp']);

/**
 * Whether a page's elements nest at most MAX_HTML_DEPTH deep and number at most MAX_HTML_ELEMENTS, read from its tags
 * in one pass before any parser sees it, as an HTML parser builds the tree: "<div/>" opens a div (the slash counts
 * only inside SVG and MathML), and an end tag that matches no open element is ignored ("</b>" among divs).
 */
function withinShape(html: string): boolean {
  const open: string[] = [];
  let foreign = 0;
  let elements = 0;
  // One pass: each tag is read from its "<" to the next ">", so no text is read twice.
  for (let at = html.indexOf('<'); at >= 0; ) {
    const close = html.indexOf('>', at + 1);
    if (close < 0) break;
    const tag = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(html.slice(at, Math.min(close + 1, at + 64)));
    if (tag) {
      const name = (tag[2] as string).toLowerCase();
      if (tag[1]) {
        const k = open.lastIndexOf(name);
        if (k >= 0) {
          for (const closed of open.splice(k)) if (closed === 'svg' || closed === 'math') foreign--;
        }
      } else {
        if (++elements > MAX_HTML_ELEMENTS) return false;
        const selfClosing = foreign > 0 && html[close - 1] === '/';
        if (!VOID.has(name) && !SELF_ENDING.has(name) && !selfClosing) {
          open.push(name);
          if (name === 'svg' || name === 'math') foreign++;
          if (open.length > MAX_HTML_DEPTH) return false;
        }
      }
    }
    at = html.indexOf('<', close + 1);
  }
  return true;
}

/**
 * Whether a parsed page has at most MAX_HTML_ELEMENTS elements, none deeper than MAX_HTML_DEPTH: each element's
 * ancestors are counted up to the limit, so the walk costs at most elements × depth steps.
 */
function treeWithin(document: { querySelectorAll(selector: string): ArrayLike<unknown> & Iterable<unknown> }): boolean {
  const all = document.querySelectorAll('*');
  if (all.length > MAX_HTML_ELEMENTS) return false;
  for (const el of all) {
    let depth = 0;
    for (let p = el as { parentElement?: unknown } | undefined; p; p = p.parentElement as typeof p)
      if (++depth > MAX_HTML_DEPTH) return false;
  }
  return true;
}

type ParseHtml = typeof import('linkedom', { with: { 'resolution-mode': 'import' }})['parseHTML'];
let linkedom: Promise<ParseHtml> | undefined;

/** The main content of a web page, its title and the date it states. */
export async function fromHtml(html: string): Promise<Extracted> {
  if (!withinShape(html)) throw new ImportError('broken', IMPORT_MESSAGES.tooComplex);
  // linkedom is an ES module, loaded on first use like the other parsers.
  linkedom ??= import('linkedom').then((m) => m.parseHTML);
  const parseHTML = await linkedom;
  const stated = pageDate(parseHTML, html);
  const { document } = parseHTML(html);
  // The tree as the parser built it, whatever the tags said: parsing is linear, Readability's scoring is not.
  if (!treeWithin(document)) throw new ImportError('broken', IMPORT_MESSAGES.tooComplex);
  const metaTitle = meta(document, ['og:title', 'dc.title', 'DC.title']) ?? document.querySelector('title')?.textContent?.trim();
  const h1 = document.querySelector('h1')?.textContent?.trim();
  // Readability scores what is left; on a short page it would otherwise take a long footer for the content.
  for (const el of [...document.querySelectorAll(CHROME)]) if (!insideContent(el)) el.remove();
  const fallback = (document.querySelector('main, [role=main], article') ?? document.body)?.innerHTML ?? '';
  const article = new Readability(document as unknown as Document, { charThreshold: 200, keepClasses: false }).parse();
  // Readability gives up on some short pages: then the content element as it is, without its chrome.
  const content = article?.textContent?.trim() ? (article.content ?? '') : fallback;
  const markdown = toMarkdown(content);
  const title = clean(h1 || article?.title || metaTitle || '');
  return {
    ...(title ? { title } : {}),
    ...((stated ?? readDate(article?.publishedTime ?? '')) ? { published: stated ?? readDate(article?.publishedTime ?? '') } : {}),
    markdown,
  };
}

/** The date the page states: a labelled line in its text first, then its meta tags and `<time>` elements. */
function pageDate(parseHTML: ParseHtml, html: string): string | undefined {
  const { document } = parseHTML(html);
  for (const el of document.querySelectorAll('script, style, template')) el.remove();
  const text = (document.body?.textContent ?? '').replace(/[ \t\r]+/g, ' ');
  const blocks = [...document.querySelectorAll('p, div, span, li, time, dd, dt, small')].map((el) => el.textContent ?? '');
  const stated = statedDate([...blocks, text].join('\n'));
  if (stated) return stated;
  const tagged = meta(document, DATE_META);
  if (tagged && readDate(tagged)) return readDate(tagged);
  const time = document.querySelector('time[datetime]')?.getAttribute('datetime');
  return time ? readDate(time) : undefined;
}

function meta(
  document: { querySelectorAll(s: string): Iterable<{ getAttribute(n: string): string | null }> },
  names: string[],
): string | undefined {
  const wanted = names.map((n) => n.toLowerCase());
  const found = new Map<string, string>();
  for (const el of document.querySelectorAll('meta')) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? '').toLowerCase();
    const value = el.getAttribute('content')?.trim();
    if (key && value && !found.has(key)) found.set(key, value);
  }
  for (const n of wanted) if (found.has(n)) return found.get(n);
  return undefined;
}

const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

let service: TurndownService | undefined;

/** HTML to the Markdown the knowledge keeps (see the header). */
export function toMarkdown(html: string): string {
  service ??= makeTurndown();
  return service
    .turndown(html || '<p></p>')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function makeTurndown(): TurndownService {
  const t = new TurndownService({ headingStyle: 'atx', bulletListMarker: '-', codeBlockStyle: 'fenced', hr: '' });
  // Knowledge text is read, not rendered: only a line that would read as a heading is escaped.
  t.escape = (s: string) => s.replace(/^(\s*)(#{1,6})(?=\s|$)/gm, '$1\\$2');
  t.remove(['script', 'style', 'noscript', 'img', 'picture', 'video', 'audio', 'iframe', 'button', 'form', 'nav', 'footer']);
  t.addRule('listItem', {
    filter: 'li',
    replacement: (content, node) => {
      const li = node as unknown as { parentNode: { nodeName: string; children: ArrayLike<unknown> } | null; nextSibling: unknown };
      const ordered = li.parentNode?.nodeName === 'OL';
      const mark = ordered ? `${Array.prototype.indexOf.call(li.parentNode?.children ?? [], li) + 1}.` : '-';
      return `${mark} ${content.trim().replace(/\n+/g, '\n  ')}${li.nextSibling ? '\n' : ''}`;
    },
  });
  t.addRule('plainLink', { filter: 'a', replacement: (content) => content });
  t.addRule('plainEmphasis', { filter: ['em', 'i', 'strong', 'b', 'u', 'mark', 'code'], replacement: (content) => content });
  t.addRule('minorHeading', {
    filter: ['h4', 'h5', 'h6'],
    replacement: (content) => `\n\n${content.trim()}\n\n`,
  });
  t.addRule('heading', {
    filter: ['h1', 'h2', 'h3'],
    replacement: (content, node) => {
      const level = Number((node as { nodeName: string }).nodeName.charAt(1));
      const text = clean(content.replace(/\\(#)/g, '$1')).replace(/\{#?|\}/g, '');
      return text ? `\n\n${'#'.repeat(level)} ${text}\n\n` : '';
    },
  });
  return t;
}
