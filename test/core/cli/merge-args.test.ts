import { describe, expect, it } from 'vitest';
import { OUTPUT_FLAGS } from '../../../src/app/sinks/registry.js';
import { renderHelp } from '../../../src/core/cli/help-text.js';
import { parseCliArgs } from '../../../src/core/cli/parse-cli-args.js';

describe('parseCliArgs: merge', () => {
  it('takes every file given, in order, with the judging flags and the outputs', () => {
    expect(
      parseCliArgs(
        [
          'merge',
          's2.json',
          's1.json',
          '--profile',
          'p.yml',
          '--baseline',
          'b.json',
          '--out',
          'm.json',
          's3.json',
        ],
        OUTPUT_FLAGS,
      ),
    ).toEqual({
      ok: true,
      cli: {
        command: 'merge',
        shardPaths: ['s2.json', 's1.json', 's3.json'],
        profilePath: 'p.yml',
        baselinePath: 'b.json',
        outputs: { out: 'm.json' },
      },
    });
  });

  it('needs at least one file, and refuses flags of other commands', () => {
    expect(parseCliArgs(['merge', '--out', 'm.json'], OUTPUT_FLAGS)).toEqual({
      ok: false,
      issues: [
        {
          path: 'FILE',
          message:
            "required: the shards' results files, e.g. loadgate merge shard-*.json --out merged.json",
        },
      ],
    });
    const other = parseCliArgs(
      ['merge', 's1.json', '--current', 'c.json', '--pushgateway', 'u'],
      OUTPUT_FLAGS,
    );
    expect(other.ok ? [] : other.issues.map((i) => i.path)).toEqual(['--current', '--pushgateway']);
  });

  it('is in the general help and has its own', () => {
    expect(renderHelp(undefined, OUTPUT_FLAGS)).toContain('loadgate merge FILE... [options]');
    const help = renderHelp('merge', OUTPUT_FLAGS);
    expect(help).toMatch(
      /^Usage: loadgate merge FILE\.\.\. \[--profile FILE\] \[--baseline FILE\] \[--out FILE\]/,
    );
    expect(help).toContain('warns above 100 ms and fails above 1 s');
    expect(parseCliArgs(['merge', '--help'])).toEqual({
      ok: true,
      cli: { command: 'help', topic: 'merge' },
    });
  });
});
