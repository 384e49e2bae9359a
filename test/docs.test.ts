/** The documentation's own links: every relative link and picture in README.md, knowledge/ and docs/ exists. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

const guides = [
  'README.md',
  join('knowledge', 'README.md'),
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

describe('documentation links', () => {
  let checked = 0;
  it('has the admin guides', () => {
    expect(guides).toEqual(expect.arrayContaining([join('docs', 'teams.md'), join('docs', 'slack.md')]));
  });

  for (const guide of guides)
    it(`${guide}: every relative link and picture exists`, () => {
      const text = readFileSync(join(ROOT, guide), 'utf8').replace(/```[\s\S]*?```/g, '');
      const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1] as string)
        .filter((t) => !/^(https?:|mailto:|#)/.test(t))
        .map((t) => t.split('#')[0] as string);
      checked += targets.length;
      const missing = targets.filter((t) => !existsSync(join(ROOT, dirname(guide), t)));
      expect(missing).toEqual([]);
    });

  // The pattern above found the links: the guides have many (pictures and code references).
  it('found the links it checked', () => expect(checked).toBeGreaterThan(20));
});
