import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LiveKnowledge } from '../../src/service/knowledge';
import { createLogger } from '../../src/service/logger';
import { declining, knowledgeCopy } from '../helpers';

describe('file watching', () => {
  let live: LiveKnowledge | undefined;
  afterEach(() => live?.close());

  it('recovers when the knowledge folder is moved away and back, without a restart', async () => {
    const dir = knowledgeCopy();
    const logs: string[] = [];
    // Declining what it is not sure of, so that the question below is declined whatever the shipped thresholds.
    live = new LiveKnowledge(
      dir,
      createLogger('info', (l) => logs.push(l)),
      180,
      undefined,
      declining(),
    );
    live.reload();
    live.watch(100);
    const question = 'är det klart vilket system vi får på anestesin';
    expect(live.engine.ask(question).answered).toBe(false);

    // What deploy tools do: write the new folder beside the old one, then swap. The old watch follows the old
    // folder's inode and hears nothing of the new one.
    const next = knowledgeCopy();
    const faq = readFileSync(join(next, 'faq.yaml'), 'utf8').replace(
      '    - nytt system istället för millennium\n',
      `    - nytt system istället för millennium\n    - ${question}\n`,
    );
    writeFileSync(join(next, 'faq.yaml'), faq);
    renameSync(dir, `${dir}-old`);
    await new Promise((r) => setTimeout(r, 300));
    renameSync(next, dir);

    await expect.poll(() => live?.engine.ask(question).answered, { timeout: 5000 }).toBe(true);
    await expect.poll(() => logs.some((l) => l.includes('knowledge folder replaced'))).toBe(true);

    // And the new watch works: a later edit in place is picked up too.
    writeFileSync(join(dir, 'faq.yaml'), faq.replace(`    - ${question}\n`, ''));
    await expect.poll(() => live?.engine.ask(question).answered, { timeout: 5000 }).toBe(false);
  });
});
