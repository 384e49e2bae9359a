/**
 * The imported Markdown as sections, one per heading, each with an anchor that stays: on a re-import of the same
 * address a section keeps its anchor when its heading is unchanged (its text may have changed), or when its text is
 * unchanged under a new heading. Links to a section, and FAQ entries citing it, therefore survive an update of the
 * page. A new section never takes an anchor the earlier import had, so an old link never lands somewhere else.
 */
import { normalize } from '../../analysis/normalize';
import type { Section } from '../types';
import { isDateLine } from './dates';

export interface DraftSection {
  heading: string;
  /** 1 for the page's opening section, else 2 or 3 as in the document. */
  level: number;
  text: string;
}

export interface AnchoredSection extends DraftSection {
  anchor: string;
  status: 'new' | 'changed' | 'unchanged';
}

/** Anchors are cut to about this length at a word boundary: they go in links. */
const MAX_ANCHOR = 60;

/**
 * Markdown with `#` headings to sections. Text before the first heading opens the page under its title; a heading
 * with no text under it is left out (it only groups the ones below); lines that only state a date are dropped.
 */
export function splitSections(markdown: string, title: string): DraftSection[] {
  const out: DraftSection[] = [];
  let current: DraftSection = { heading: title, level: 1, text: '' };
  const body: string[] = [];
  const flush = () => {
    current.text = tidy(body.join('\n'));
    if (current.text) out.push(current);
    body.length = 0;
  };
  let first = true;
  for (const line of markdown.split(/\r?\n/)) {
    const h = /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (h) {
      const heading = h[2]!.replace(/\s+/g, ' ').trim();
      // The document's first heading is usually its title: it then names the opening section.
      if (first && !body.join('').trim() && same(heading, title)) {
        first = false;
        continue;
      }
      flush();
      current = { heading, level: Math.max(2, Math.min(3, h[1]!.length)), text: '' };
      first = false;
      continue;
    }
    if (isDateLine(line)) continue;
    body.push(line);
  }
  flush();
  return out;
}

const tidy = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();

const key = (s: string) =>
  normalize(s)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
const same = (a: string, b: string) => key(a) === key(b);

/** A heading's anchor: its slug cut at a hyphen to MAX_ANCHOR, or "avsnitt" when it has no Latin letters. */
export function anchorOf(heading: string, slugify: (s: string) => string): string {
  const slug = slugify(heading);
  if (!slug) return 'avsnitt';
  if (slug.length <= MAX_ANCHOR) return slug;
  const cut = slug.slice(0, MAX_ANCHOR + 1);
  return cut.slice(0, cut.lastIndexOf('-') > 20 ? cut.lastIndexOf('-') : MAX_ANCHOR);
}

/**
 * Anchors for the sections: kept from the previous import where the heading (or else the text) is the same, new and
 * unique otherwise; `taken` are ids the rest of the knowledge uses. Returns the sections and the previous anchors no
 * section kept.
 */
export function anchorSections(
  sections: readonly DraftSection[],
  previous: readonly Section[],
  taken: ReadonlySet<string>,
  slugify: (s: string) => string,
): { sections: AnchoredSection[]; removed: string[] } {
  const claimed = new Set<string>();
  const kept = new Map<number, { anchor: string; status: 'changed' | 'unchanged' }>();
  // Same heading first, over all sections, so that a renamed section cannot take the anchor of one that kept its name.
  sections.forEach((s, i) => {
    const p = previous.find((p) => !claimed.has(p.id) && same(p.heading, s.heading));
    if (!p) return;
    claimed.add(p.id);
    kept.set(i, { anchor: p.id, status: key(p.text) === key(s.text) ? 'unchanged' : 'changed' });
  });
  sections.forEach((s, i) => {
    if (kept.has(i)) return;
    const p = previous.find((p) => !claimed.has(p.id) && key(p.text) === key(s.text));
    if (!p) return;
    claimed.add(p.id);
    kept.set(i, { anchor: p.id, status: 'changed' });
  });
  const used = new Set<string>([...taken, ...previous.map((p) => p.id)]);
  for (const { anchor } of kept.values()) used.delete(anchor);
  for (const { anchor } of kept.values()) used.add(anchor);
  const out = sections.map((s, i): AnchoredSection => {
    const k = kept.get(i);
    if (k) return { ...s, anchor: k.anchor, status: k.status };
    const base = anchorOf(s.heading, slugify);
    let anchor = base;
    for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
    used.add(anchor);
    return { ...s, anchor, status: 'new' };
  });
  return { sections: out, removed: previous.map((p) => p.id).filter((id) => !claimed.has(id)) };
}
