import type { Output } from '../ports.js';

/**
 * First Ctrl-C (or SIGTERM) asks the run to stop cleanly: in-flight requests end, results are
 * written. A second one quits at once, for a user who cannot wait for the graceful stop.
 */
export function listenForStopSignals(output: Output): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onSignal = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      process.exit(name === 'SIGTERM' ? 143 : 130);
    }
    output.warn(
      `${name}: stopping; writing the results measured so far (send it again to quit at once)`,
    );
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
