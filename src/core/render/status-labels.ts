import type { ChangeStatus } from '../judge/types.js';
import type { Level } from '../rules/types.js';

/**
 * Icons and words for levels and change statuses. The word always follows the icon: the report
 * must read the same to screen readers and in a plain-text email notification.
 */

const LEVEL_ICONS: Record<Level, string> = { pass: '✅', warn: '⚠️', fail: '❌' };

const CHANGE_LABELS: Record<ChangeStatus, string> = {
  pass: '✅ pass',
  warn: '⚠️ warn',
  fail: '❌ fail',
  improved: '🟢 improved',
  noise: '〰️ within noise',
  'no-baseline': '➖ no baseline',
};

/** The icon of a verdict or scenario level: ✅, ⚠️ or ❌. */
export function iconOfLevel(level: Level): string {
  return LEVEL_ICONS[level] ?? '❔';
}

/** Icon and word: "❌ fail". */
export function labelLevel(level: Level): string {
  return `${iconOfLevel(level)} ${level}`;
}

/** Icon and words for one metric's change: "🟢 improved", "〰️ within noise", "➖ no baseline". */
export function labelChangeStatus(status: ChangeStatus): string {
  return CHANGE_LABELS[status] ?? status;
}

/** Statuses a reader should look at; a scenario with none of them has nothing notable. */
export function isNotableChange(status: ChangeStatus): boolean {
  return status !== 'pass' && status !== 'no-baseline';
}
