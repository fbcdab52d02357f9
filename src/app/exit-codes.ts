/**
 * Exit codes shared by the CLI and the action: 0 ran fine (pass or warn), 1 the gate failed,
 * 2 bad input, 3 the target could not be load-tested, 130 interrupted.
 */
export const ExitCode = {
  ok: 0,
  gateFailed: 1,
  badInput: 2,
  targetUnusable: 3,
  interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
