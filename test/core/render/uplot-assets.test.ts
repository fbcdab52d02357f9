import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  UPLOT_CSS,
  UPLOT_JS,
  UPLOT_LICENSE,
  UPLOT_VERSION,
} from '../../../src/core/render/uplot-assets.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('the inlined uPlot (src/core/render/uplot-assets.ts)', () => {
  it('is the installed uplot, verbatim (else run `npm run assets`)', () => {
    const pkg = JSON.parse(read('node_modules/uplot/package.json')) as { version: string };
    expect(UPLOT_VERSION).toBe(pkg.version);
    expect(UPLOT_JS).toBe(read('node_modules/uplot/dist/uPlot.iife.min.js').trim());
    expect(UPLOT_CSS).toBe(read('node_modules/uplot/dist/uPlot.min.css').trim());
    expect(UPLOT_LICENSE).toBe(read('node_modules/uplot/LICENSE').trim());
  });

  it('is MIT-licensed, small, and cannot end its <script> or <style> element early', () => {
    expect(UPLOT_LICENSE).toMatch(/^The MIT License/);
    expect(UPLOT_JS.length).toBeLessThan(60_000);
    for (const text of [UPLOT_JS, UPLOT_CSS, UPLOT_LICENSE]) {
      expect(text).not.toMatch(/<\/(script|style)|<!--|<script/i);
    }
  });
});
