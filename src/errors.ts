/**
 * Every error the core raises, named in one place. Messages say what went wrong and what to do, and name the module.
 */
export interface KnowledgeIssue {
  file: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

export function formatIssue(issue: KnowledgeIssue): string {
  return `${issue.file}:${issue.line}: ${issue.severity === 'error' ? 'fel' : 'varning'}: ${issue.message}`;
}

/** Raised when the knowledge folder has errors; the previous index (if any) should keep serving. */
export class KnowledgeError extends Error {
  readonly code = 'FAKTABOT_KNOWLEDGE_INVALID';
  constructor(readonly issues: KnowledgeIssue[]) {
    const errors = issues.filter((i) => i.severity === 'error');
    super(
      `knowledge: ${errors.length} error(s); fix them and reload (the last good index keeps serving):\n` +
        errors.map(formatIssue).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}

/** Raised for a command-line usage mistake. */
export class UsageError extends Error {
  readonly code = 'FAKTABOT_USAGE';
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
