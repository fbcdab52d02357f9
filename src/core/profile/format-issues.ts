/** Human-readable rendering of input problems, for the terminal and the action log. */
import type { InputIssue } from './types.js';

/**
 * One heading line, `Invalid profile (2 problems):`, then one `  - <path>: <message>` line per
 * issue, in the order given. No trailing newline; an empty list still gets the heading (0 problems).
 * @param subject what was invalid, for the heading: `profile` (default), `input`, …
 */
export function formatIssues(issues: InputIssue[], subject = 'profile'): string {
  const noun = issues.length === 1 ? 'problem' : 'problems';
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
  return [`Invalid ${subject} (${issues.length} ${noun}):`, ...lines].join('\n');
}

/** All issues on one line, `path: message; path: message`, for a single failure annotation. */
export function formatIssuesInline(issues: readonly InputIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}
