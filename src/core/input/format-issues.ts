/** Human-readable rendering of input problems, for the terminal and the action log. */
import { toTerminalText } from './terminal-text.js';

/** One problem found in user input, with where it is and what was expected. */
export interface InputIssue {
  /** Dotted path into the input, e.g. `load.stages[2].duration`, or a flag like `--rate`. */
  path: string;
  message: string;
}

/** Paths and messages can quote what the user wrote (keys, names): each stays inert on its line. */
function formatIssueLine(issue: InputIssue): string {
  return `${toTerminalText(issue.path)}: ${toTerminalText(issue.message)}`;
}

/**
 * One heading line, `Invalid profile (2 problems):`, then one `  - <path>: <message>` line per
 * issue, in the order given. No trailing newline; an empty list still gets the heading (0 problems).
 * Control characters, line breaks and bidi controls in a path or message never reach the output.
 * @param subject what was invalid, for the heading: `profile` (default), `input`, …
 */
export function formatIssues(issues: InputIssue[], subject = 'profile'): string {
  const noun = issues.length === 1 ? 'problem' : 'problems';
  const lines = issues.map((issue) => `  - ${formatIssueLine(issue)}`);
  return [`Invalid ${subject} (${issues.length} ${noun}):`, ...lines].join('\n');
}

/** All issues on one line, `path: message; path: message`, for a single failure annotation. */
export function formatIssuesInline(issues: readonly InputIssue[]): string {
  return issues.map(formatIssueLine).join('; ');
}

/** An error's message for a one-line warning or issue; what was thrown when it is not an Error. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
