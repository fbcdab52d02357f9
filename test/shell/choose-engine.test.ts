import { describe, expect, it } from 'vitest';
import { parseActionInputs } from '../../src/core/action/parse-action-inputs.js';
import { chooseLoadEngine } from '../../src/shell/engine/choose-engine.js';
import { UndiciEngine } from '../../src/shell/engine/undici-engine.js';
import { WorkerEngine } from '../../src/shell/engine/worker-engine.js';
import { systemClock } from '../../src/shell/system-clock.js';

describe('chooseLoadEngine', () => {
  it('runs a count of threads as asked, and one in this thread', () => {
    const three = chooseLoadEngine(3, systemClock, '--workers', 2);
    expect(three.engine).toBeInstanceOf(WorkerEngine);
    expect(three.threads).toBe(3);
    expect(three.note).toBe('engine: 3 worker threads');
    const one = chooseLoadEngine(1, systemClock, '--workers', 16);
    expect(one.engine).toBeInstanceOf(UndiciEngine);
    expect(one).toMatchObject({ threads: 1 });
    expect(one).not.toHaveProperty('note');
  });

  it('auto: one thread on 2 cores, one per core but one on more, saying which setting chose it', () => {
    expect(chooseLoadEngine('auto', systemClock, 'input workers', 2).engine).toBeInstanceOf(
      UndiciEngine,
    );
    const four = chooseLoadEngine('auto', systemClock, 'input workers', 4);
    expect(four.engine).toBeInstanceOf(WorkerEngine);
    expect(four.threads).toBe(3);
    expect(four.note).toBe('engine: 3 worker threads (input workers auto on 4 cores)');
  });

  it("the action's input workers reaches the engine: that many threads run", () => {
    const parsed = parseActionInputs({ profile: 'p.yml', workers: '4' });
    if (!parsed.ok) throw new Error('expected valid inputs');
    const chosen = chooseLoadEngine(parsed.config.workers, systemClock, 'input workers', 2);
    expect(chosen.engine).toBeInstanceOf(WorkerEngine);
    expect(chosen.threads).toBe(4);
    expect(chosen.note).toBe('engine: 4 worker threads');
  });
});
