/** A small, strict argument parser: flags with values, boolean flags, and the rest as positional words. */
import { UsageError } from '../errors';

export interface Parsed {
  flags: Map<string, string | true>;
  positional: string[];
}

export function parseArgs(argv: readonly string[], valued: readonly string[], booleans: readonly string[]): Parsed {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const [name, inline] = a.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
      if (valued.includes(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) throw new UsageError(`--${name} behöver ett värde`);
        flags.set(name, value);
      } else if (booleans.includes(name)) {
        flags.set(name, true);
      } else {
        throw new UsageError(`okänd flagga --${name}`);
      }
    } else {
      positional.push(a);
    }
  }
  return { flags, positional };
}

/** The knowledge folder: --knowledge DIR, else KNOWLEDGE_DIR, else ./knowledge. */
export function knowledgeDir(flag: string | true | undefined): string {
  return typeof flag === 'string' ? flag : process.env.KNOWLEDGE_DIR || 'knowledge';
}
