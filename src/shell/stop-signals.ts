import type { Output } from '../ports.js';

/** The signals that stop a run cleanly, with the exit code a second one quits with (128 + n). */
const STOP_SIGNALS: Readonly<Partial<Record<NodeJS.Signals, number>>> = {
  SIGINT: 130,
  SIGTERM: 143,
  // A closed terminal or SSH session: the measured results are as worth keeping as on Ctrl-C.
  SIGHUP: 129,
};

/**
 * First Ctrl-C (or SIGTERM, or SIGHUP) asks the run to stop cleanly: in-flight requests end,
 * results are written. A second one quits at once, for a user who cannot wait for the graceful
 * stop. `dispose` hands the signals back to Node's default (end the process at once): call it as
 * soon as the results file is written, so a signal during judging, which is synchronous and
 * would hold a listener off until it finishes, still ends the process promptly.
 */
export function listenForStopSignals(output: Output): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.exit(STOP_SIGNALS[name] ?? 130);
    }
    output.warn(
      `${name}: stopping; writing the results measured so far (send it again to quit at once)`,
    );
    controller.abort();
  };
  const names = Object.keys(STOP_SIGNALS) as NodeJS.Signals[];
  for (const name of names) process.on(name, onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const name of names) process.off(name, onSignal);
    },
  };
}
