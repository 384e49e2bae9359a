/**
 * The console's edits that teach the bot: the entries as "Poster" lists them, and the actions on them (add a
 * phrasing, new entry, edit, "Ska inte besvaras", undo) from "Granska" and "Poster". Registered inside the console's
 * signed-in scope (routes/console.ts), so access rules are the console's; the review groups are in review.ts.
 *
 * Every write answers with what the bot now says to the staff question (`reask`), computed on the new knowledge and
 * not logged: it is the communicator checking, not staff asking.
 */
import { basename } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { questionKey } from '../../analysis/normalize';
import { plainIssue } from '../../errors';
import { EditError, entryFieldChanges, type KnowledgeEdit } from '../../knowledge/edit';
import { MAX_ANSWER_LENGTH, MAX_QUESTION_LENGTH } from '../../limits';
import type { Actor, KnowledgeChange } from '../../store/changes';
import type { QuestionLog } from '../../store/questions';
import { entryVersion, type KnowledgeEditor, pageTarget, ValidationError } from '../editor';
import { HttpError, idParam } from '../http';
import type { LiveKnowledge } from '../knowledge';
import { HTTP_MESSAGES } from '../messages';
import { MAY } from '../roles';
import { consoleAnswer } from './ask';

export interface EditingDeps {
  /** A support desk draft turned into an entry through the "Ny post" form is marked used. */
  draftUsed?(id: number): Promise<unknown>;
  /** After change `change` was undone: an undone import takes back its drafts. */
  undone?(change: KnowledgeChange): Promise<unknown>;
  knowledge: LiveKnowledge;
  questions: QuestionLog;
  editor: KnowledgeEditor;
  /** Who is editing, for the audit trail: the person (with organisation sign-in) and a hash of the session. */
  actor(request: FastifyRequest): Promise<Actor>;
}

const QUESTION = { type: 'string', maxLength: MAX_QUESTION_LENGTH } as const;
const LIST = { type: 'array', maxItems: 100, items: QUESTION } as const;
/** The fields of an entry, as the "Ny post" and "Redigera" forms send them. */
const ENTRY = {
  question: QUESTION,
  answer: { type: 'string', maxLength: MAX_ANSWER_LENGTH },
  section: { type: 'string', maxLength: 100 },
  alternates: LIST,
  /** Follow-up questions by entry id; how many and which `faq check` decides, in its words. */
  related: { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 100 } },
} as const;
const COMMON = {
  version: { type: 'string', maxLength: 64 },
  confirm: { type: 'boolean' },
  groupKey: { type: 'string', maxLength: 200 },
  ask: QUESTION,
} as const;
const schema = (properties: Record<string, object>, required: string[]) => ({
  body: { type: 'object', additionalProperties: false, properties: { ...COMMON, ...properties }, required },
});

type Common = { version: string; entryVersion?: string; confirm?: boolean; groupKey?: string; ask?: string };

export function registerEditing(api: FastifyInstance, deps: EditingDeps): void {
  const apply = editApplier(deps);
  registerEntryList(api, deps);
  registerEntryEdits(api, deps, apply);
  registerChanges(api, deps);
}

/**
 * Runs one edit through the editor and answers with its outcome and what the bot now says to the staff question;
 * a saved edit marks the review group it came from as handled.
 */
type ApplyEdit = (
  request: FastifyRequest,
  reply: FastifyReply,
  edit: KnowledgeEdit,
  handled?: string,
  onSaved?: () => Promise<unknown>,
) => Promise<FastifyReply>;

function editApplier(deps: EditingDeps): ApplyEdit {
  const { knowledge, questions, editor } = deps;
  const reask = (question: string | undefined) => {
    if (!question) return undefined;
    const engine = knowledge.engine;
    return consoleAnswer(engine, engine.ask(question));
  };
  return async (request, reply, edit, handled, onSaved) => {
    const b = request.body as Common;
    try {
      const outcome = await editor.apply(edit, {
        version: b.version,
        entryVersion: b.entryVersion,
        actor: await deps.actor(request),
        confirm: b.confirm,
      });
      if (outcome.saved && b.groupKey && handled) await questions.markHandled(b.groupKey, handled, outcome.change?.target);
      if (outcome.saved) await onSaved?.();
      return reply.send({ ...outcome, reask: reask(b.ask) });
    } catch (e) {
      throw refusal(e);
    }
  };
}

/** "Poster": every entry with its fields, the page's sections, the out-of-scope questions and the files' versions. */
function registerEntryList(api: FastifyInstance, { knowledge, editor }: EditingDeps): void {
  api.get('/console/api/entries', { config: { roles: MAY.read } }, async () => {
    const engine = knowledge.engine;
    const kb = engine.kb;
    return {
      entries: kb.faq.map((e) => ({
        id: e.id,
        question: e.question,
        alternates: e.alternates,
        answer: e.answer,
        section: e.section,
        reviewed: e.reviewed,
        related: e.related ?? [],
        file: e.file.split('/').at(-1),
        version: entryVersion(e),
      })),
      sections: kb.pages.flatMap((p) => p.sections.map((s) => ({ id: s.id, heading: s.heading, page: p.title }))),
      outOfScope: kb.outOfScope.map((o) => ({ question: o.question, added: o.added })),
      versions: editor.versions(),
      today: editor.today(),
    };
  });
}

/** The actions that change the knowledge: a phrasing, a new entry, an edited entry, "Ska inte besvaras". */
function registerEntryEdits(api: FastifyInstance, deps: EditingDeps, run: ApplyEdit): void {
  const { editor } = deps;
  api.post(
    '/console/api/entries/:id/phrasings',
    { config: { roles: MAY.edit }, schema: schema({ text: QUESTION }, ['text', 'version']) },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const { text } = request.body as { text: string };
      return run(request, reply, { action: 'add-phrasing', entryId: id, text: text.trim() }, 'phrasing');
    },
  );

  api.post(
    '/console/api/entries',
    {
      config: { roles: MAY.edit },
      schema: schema(
        {
          ...ENTRY,
          draftId: { type: 'integer', minimum: 1 },
        },
        ['question', 'answer', 'section', 'alternates', 'version'],
      ),
    },
    async (request, reply) => {
      const b = request.body as {
        question: string;
        answer: string;
        section: string;
        alternates: string[];
        related?: string[];
        draftId?: number;
      };
      const entry = {
        question: b.question.trim(),
        answer: b.answer.trim(),
        section: b.section.trim(),
        alternates: clean(b.alternates),
        ...(b.related !== undefined ? { related: clean(b.related) } : {}),
      };
      const draftId = b.draftId;
      return run(request, reply, { action: 'new-entry', entry, reviewed: editor.today() }, 'new-entry', async () => {
        if (draftId !== undefined) await deps.draftUsed?.(draftId);
      });
    },
  );

  api.put(
    '/console/api/entries/:id',
    {
      config: { roles: MAY.edit },
      schema: schema(
        {
          ...ENTRY,
          reviewedToday: { type: 'boolean' },
          entryVersion: { type: 'string', maxLength: 64 },
        },
        ['version'],
      ),
    },
    async (request, reply) => {
      const { id } = request.params as { id: string };
      const b = request.body as {
        question?: string;
        answer?: string;
        section?: string;
        alternates?: string[];
        related?: string[];
        reviewedToday?: boolean;
      };
      const fields = {
        ...(b.question !== undefined ? { question: b.question.trim() } : {}),
        ...(b.answer !== undefined ? { answer: b.answer.trim() } : {}),
        ...(b.section !== undefined ? { section: b.section.trim() } : {}),
        ...(b.alternates !== undefined ? { alternates: clean(b.alternates) } : {}),
        ...(b.related !== undefined ? { related: clean(b.related) } : {}),
      };
      if (!Object.keys(fields).length && !b.reviewedToday) throw new HttpError(400, HTTP_MESSAGES.nothingToChange);
      return run(
        request,
        reply,
        { action: 'edit-entry', entryId: id, fields, reviewed: b.reviewedToday ? editor.today() : undefined },
        'edit',
      );
    },
  );

  api.post(
    '/console/api/out-of-scope',
    { config: { roles: MAY.edit }, schema: schema({ text: QUESTION }, ['text', 'version']) },
    async (request, reply) => {
      const { text } = request.body as { text: string };
      return run(request, reply, { action: 'out-of-scope', text: text.trim(), added: editor.today() }, 'out-of-scope');
    },
  );
}

/** The audit trail of console changes, and undo of the latest change to an entry. */
function registerChanges(api: FastifyInstance, deps: EditingDeps): void {
  const { questions, editor } = deps;
  api.post('/console/api/changes/:id/undo', { config: { roles: MAY.edit } }, async (request, reply) => {
    const id = idParam(request.params);
    try {
      const outcome = await editor.undo(id, await deps.actor(request));
      // The review shows the group as open again.
      const change = await editor.get(id);
      if (change) for (const [key, h] of await questions.handled()) if (h.entryId === change.target) await questions.unmarkHandled(key);
      if (change) await deps.undone?.(change);
      return reply.send(outcome);
    } catch (e) {
      throw refusal(e);
    }
  });

  api.get('/console/api/changes', { config: { roles: MAY.read } }, async () => ({ changes: await editorChanges(deps) }));

  // One change as the entry's fields before and after it, read from the whole files the trail keeps: parsed only
  // when someone opens the change, so the list stays light.
  api.get('/console/api/changes/:id', { config: { roles: MAY.read } }, async (request) => {
    const change = await editor.get(idParam(request.params));
    if (!change) throw new HttpError(404, HTTP_MESSAGES.changeUnknown);
    return { id: change.id, fields: entryFieldChanges(change.file, change.before, change.after, change.target) };
  });
}

async function editorChanges(deps: EditingDeps) {
  const kb = deps.knowledge.engine.kb;
  // The question a change concerns, as the knowledge has it now; for "Ska inte besvaras" the marked question, for an
  // imported page its title.
  const question = (target: string) =>
    target.startsWith('utanfor:')
      ? kb.outOfScope.find((o) => `utanfor:${questionKey(o.question).slice(0, 80)}` === target)?.question
      : target.startsWith('sida:')
        ? kb.pages.find((p) => pageTarget(basename(p.file)) === target)?.title
        : deps.knowledge.engine.faqEntry(target)?.question;
  return (await deps.editor.recent()).map((c) => ({ ...c, question: question(c.target) ?? null }));
}

const clean = (list: string[]) => list.map((a) => a.trim()).filter(Boolean);

/**
 * EditError -> the HTTP status it names; a validation failure carries its issues in plain words, each once: the
 * communicator edits a field and sees no file (`faq check` keeps file:line).
 */
export function refusal(e: unknown): Error {
  if (e instanceof ValidationError) return new HttpError(422, e.message, { issues: [...new Set(e.issues.map(plainIssue))] });
  if (e instanceof EditError) return new HttpError(e.status, e.message);
  return e as Error;
}
