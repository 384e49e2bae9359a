/**
 * "Sidor": a communicator imports a page (an HTML page, a Word document or a PDF) into the knowledge, by uploading
 * the file or by an address the service fetches (fetchpage.ts, under the operator's allow-list). A preview shows the
 * sections the page will have, what changes against an earlier import of the same address, and the FAQ drafts with
 * their grounding; a page with personal data or a patient description is refused, as any text for the knowledge is;
 * the save writes the page through the editor (the same validation, audit trail and undo as an FAQ
 * edit) and hands each new or changed section's draft to the drafts communicators already review.
 *
 * The body is JSON: the file base64-encoded (the console has no multipart parser, and JSON keeps the console's one
 * content type), so these two routes alone take bodies up to the import limit.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { findImported, ImportError, type ImportedPage, importDocument, MAX_IMPORT_BYTES } from '../../knowledge/import';
import type { Actor } from '../../store/changes';
import type { TicketStore } from '../../store/tickets';
import type { Config } from '../config';
import type { KnowledgeEditor } from '../editor';
import { fetchPage } from '../fetchpage';
import { HttpError } from '../http';
import type { LiveKnowledge } from '../knowledge';
import { HTTP_MESSAGES } from '../messages';
import { MAY } from '../roles';
import { refusal } from './editing';

export interface PagesDeps {
  config: Config;
  knowledge: LiveKnowledge;
  editor: KnowledgeEditor;
  tickets: TicketStore;
  actor(request: FastifyRequest): Promise<Actor>;
}

/** Base64 of the largest file, with room for the other fields. */
const MAX_BASE64 = Math.ceil(MAX_IMPORT_BYTES / 3) * 4;
const BODY_LIMIT = MAX_BASE64 + 16_384;
/** How much of a section's text the preview shows. */
const OPENING_CHARS = 240;

const TEXT = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const PAGE_FIELDS = {
  file: {
    type: 'object',
    additionalProperties: false,
    // A little over the limit still reaches the importer, whose refusal says what to do; far over is a 413.
    properties: { name: TEXT(200), data: TEXT(MAX_BASE64 + 4096) },
    required: ['name', 'data'],
  },
  address: TEXT(2000),
  url: TEXT(2000),
  published: TEXT(20),
  title: TEXT(300),
} as const;
const schema = (extra: Record<string, object>, required: string[] = []) => ({
  body: { type: 'object', additionalProperties: false, properties: { ...PAGE_FIELDS, ...extra }, required },
});

interface PageBody {
  file?: { name: string; data: string };
  address?: string;
  url?: string;
  published?: string;
  title?: string;
}

/** The status an importer's refusal gets: a file of the wrong kind 415, too large 413, the rest 422. */
const IMPORT_STATUS: Partial<Record<ImportError['code'], number>> = { type: 415, 'too-large': 413 };

export function registerPages(api: FastifyInstance, deps: PagesDeps): void {
  const options = (extra: Record<string, object>, required?: string[]) => ({
    config: { roles: MAY.import },
    bodyLimit: BODY_LIMIT,
    schema: schema(extra, required),
  });

  api.post('/console/api/pages/preview', options({}), async (request) => {
    const page = await imported(deps, request.body as PageBody);
    try {
      deps.editor.checkPage(page);
    } catch (e) {
      throw refusal(e);
    }
    return {
      file: page.file,
      version: deps.editor.fileVersion(page.file),
      title: page.title,
      url: page.url,
      published: page.published,
      sections: page.sections.map((s) => ({
        anchor: s.anchor,
        heading: s.heading,
        opening: s.text.length > OPENING_CHARS ? `${s.text.slice(0, OPENING_CHARS).trimEnd()}…` : s.text,
        status: s.status,
      })),
      removed: page.removed,
      drafts: page.drafts,
    };
  });

  api.post('/console/api/pages', options({ version: TEXT(64) }, ['version']), async (request) => {
    const body = request.body as PageBody & { version: string };
    const page = await imported(deps, body);
    let outcome: Awaited<ReturnType<KnowledgeEditor['importPage']>>;
    try {
      outcome = await deps.editor.importPage(
        { file: page.file, markdown: page.markdown, title: page.title, sections: page.sections, url: page.url },
        { version: body.version, actor: await deps.actor(request) },
      );
    } catch (e) {
      throw refusal(e);
    }
    // A section the earlier import had as it is now keeps the draft it got then.
    const changed = new Set(page.sections.filter((s) => s.status !== 'unchanged').map((s) => s.anchor));
    const drafts = page.drafts.filter((d) => changed.has(d.anchor)).map(({ question, answer, anchor }) => ({ question, answer, anchor }));
    if (outcome.change) await deps.tickets.addImportDrafts(outcome.change.id, page.title, drafts);
    return { ...outcome, title: page.title, url: page.url, drafts: drafts.length };
  });
}

/** The page the request describes, as the importer makes it: in the file of an earlier import of its address, if any. */
async function imported(deps: PagesDeps, body: PageBody): Promise<ImportedPage> {
  if (!body || Boolean(body.file) === Boolean(body.address)) throw new HttpError(400, HTTP_MESSAGES.importFileOrAddress);
  let bytes: Buffer;
  let fileName: string;
  let url = body.url?.trim() || undefined;
  if (body.file) {
    if (!url) throw new HttpError(400, HTTP_MESSAGES.importNeedsUrl);
    bytes = base64(body.file.data);
    fileName = body.file.name;
  } else {
    const fetched = await fetchPage((body.address as string).trim(), {
      allowedHosts: deps.config.importAllowedHosts,
      timeoutMs: deps.config.outboundTimeoutMs,
      maxBytes: MAX_IMPORT_BYTES,
    });
    bytes = fetched.bytes;
    fileName = fetched.fileName;
    url ??= fetched.url;
  }
  if (!/^https?:\/\/[^\s/]+/i.test(url)) throw new HttpError(400, HTTP_MESSAGES.importAddress);
  const previous = findImported(deps.knowledge.dir, url);
  try {
    return await importDocument({
      bytes,
      fileName,
      url,
      ...(body.published?.trim() ? { published: body.published.trim() } : {}),
      ...(body.title?.trim() ? { title: body.title.trim() } : {}),
      ...(previous ? { previous: previous.markdown, previousFile: previous.file } : {}),
      knowledge: deps.knowledge.dir,
    });
  } catch (e) {
    if (e instanceof ImportError) throw new HttpError(IMPORT_STATUS[e.code] ?? 422, e.message, { code: e.code });
    throw e;
  }
}

/** Strict base64: Buffer.from would skip what is not base64 and import a different file. */
function base64(data: string): Buffer {
  const compact = data.replace(/\s+/g, '');
  if (compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw new HttpError(400, HTTP_MESSAGES.importBadBase64);
  return Buffer.from(compact, 'base64');
}
