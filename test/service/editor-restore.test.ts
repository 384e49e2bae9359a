/**
 * An edit is live only with its audit record: when the record cannot be written, the file is put back byte for
 * byte and the edit is refused (the database went away between the write and the record).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KnowledgeEditor } from '../../src/service/editor';
import { LiveKnowledge } from '../../src/service/knowledge';
import { createLogger } from '../../src/service/logger';
import { ChangeLog } from '../../src/store/changes';
import { DatabaseDownError, type Sql } from '../../src/store/sql';
import { knowledgeCopy } from '../helpers';

describe('a console edit without its audit record', () => {
  it('puts the file back and refuses the edit', async () => {
    const dir = knowledgeCopy();
    const lines: string[] = [];
    const log = createLogger('info', (l) => lines.push(l));
    const knowledge = new LiveKnowledge(dir, log);
    knowledge.reload();
    const away = { insert: async () => Promise.reject(new DatabaseDownError()) } as unknown as Sql;
    const editor = new KnowledgeEditor(knowledge, new ChangeLog(away), log);
    const faq = join(dir, 'faq.yaml');
    const before = readFileSync(faq);
    await expect(
      editor.apply(
        { action: 'add-phrasing', entryId: 'fvm', text: 'vad betyder fvm egentligen' },
        { version: editor.versions()['faq.yaml'] as string, actor: { session: 't' } },
      ),
    ).rejects.toBeInstanceOf(DatabaseDownError);
    expect(readFileSync(faq).equals(before)).toBe(true);
    expect(lines.some((l) => l.includes('knowledge edit not recorded, so the file was put back'))).toBe(true);
    knowledge.close();
  });
});
