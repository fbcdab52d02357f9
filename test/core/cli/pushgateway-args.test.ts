import { describe, expect, it } from 'vitest';
import { renderHelp } from '../../../src/core/cli/help-text.js';
import { parseCliArgs } from '../../../src/core/cli/parse-cli-args.js';

describe('loadgate pushgateway delete (arguments)', () => {
  it('reads the gateway, the profile and the series flags', () => {
    expect(
      parseCliArgs([
        'pushgateway',
        'delete',
        'p.yml',
        '--pushgateway',
        'http://127.0.0.1:9091/',
        '--target=http://127.0.0.1:8080',
        '--layer',
        'Scheduled',
        '--interval',
        'daily',
      ]),
    ).toEqual({
      ok: true,
      cli: {
        command: 'pushgateway-delete',
        pushgatewayUrl: 'http://127.0.0.1:9091',
        profilePath: 'p.yml',
        target: 'http://127.0.0.1:8080',
        layer: 'scheduled',
        interval: 'daily',
      },
    });
  });

  it('takes --target alone for a one-URL run', () => {
    const parsed = parseCliArgs([
      'pushgateway',
      'delete',
      '--pushgateway',
      'http://gw:9091',
      '--target',
      'http://h/health',
    ]);
    expect(parsed).toEqual({
      ok: true,
      cli: {
        command: 'pushgateway-delete',
        pushgatewayUrl: 'http://gw:9091',
        target: 'http://h/health',
      },
    });
  });

  it('lists every problem at once', () => {
    const parsed = parseCliArgs([
      'pushgateway',
      'remove',
      'a.yml',
      'b.yml',
      '--pushgateway',
      'http://u:pw-secret@gw',
      '--interval',
      'Every 5 min',
      '--rate',
      '5',
    ]);
    expect(parsed.ok).toBe(false);
    const issues = parsed.ok ? [] : parsed.issues;
    expect(issues.map((i) => i.path)).toEqual([
      '--rate',
      'pushgateway',
      'arguments',
      '--pushgateway',
      '--interval',
    ]);
    expect(issues[1]?.message).toBe('unknown subcommand "remove"; expected delete');
    expect(JSON.stringify(issues)).not.toContain('pw-secret');
  });

  it('needs a subcommand, the gateway and a profile or target', () => {
    const parsed = parseCliArgs(['pushgateway', 'delete']);
    expect(parsed.ok ? [] : parsed.issues.map((i) => i.path)).toEqual(['--pushgateway', 'PROFILE']);
    const bare = parseCliArgs(['pushgateway']);
    expect(bare.ok ? '' : bare.issues[0]?.message).toMatch(
      /^needs a subcommand: loadgate pushgateway delete/,
    );
  });

  it('has its own help, and the run help lists the metrics flags', () => {
    expect(parseCliArgs(['pushgateway', '--help'])).toEqual({
      ok: true,
      cli: { command: 'help', topic: 'pushgateway' },
    });
    expect(renderHelp('pushgateway')).toContain(
      'Usage: loadgate pushgateway delete --pushgateway URL',
    );
    expect(renderHelp()).toContain('loadgate pushgateway delete');
    const run = renderHelp('run', [
      { name: 'pushgateway', commands: ['run'], placeholder: 'URL', help: 'push' },
    ]);
    expect(run).toContain('--environment E');
    expect(run).toContain('--client C');
    expect(run).toContain('--pushgateway URL');
  });
});
