// Builds dist/: the action entry (index.js) and the CLI (cli.js), unminified, sharing chunks.
// Output is deterministic, so CI can fail on a stale dist by rebuilding and diffing.
//
// No sourcemaps. They were 13.5 of the 20.8 MB committed, and nothing read them: an action's
// `runs.main` cannot pass `--enable-source-maps`, and `process.setSourceMapsEnabled(true)`
// (experimental on Node 20; Node 22.14+/24 point to `module.setSourceMapsSupport`) only maps
// files loaded after the call, so the entries would have to become loaders that import the rest.
// Measured on Node 20 with maps on: +50 ms and +28 MB at every start, to improve only the stack
// of an internal error (exit 70). The bundle is unminified and keeps function names and esbuild's
// `// src/<file>.ts` headers, so such a stack still leads to the source line.
import { rm } from 'node:fs/promises';
import { build } from 'esbuild';

await rm('dist', { recursive: true, force: true });
await build({
  // The engine thread of `--workers N` (src/shell/engine/worker-engine.ts starts
  // dist/engine-worker.js, found beside the bundle).
  entryPoints: {
    index: 'src/index.ts',
    cli: 'src/cli.ts',
    'engine-worker': 'src/shell/engine/engine-worker.ts',
  },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  minify: false,
  legalComments: 'linked',
  chunkNames: 'chunks/[name]-[hash]',
  // CommonJS dependencies (undici, @actions/*) call require() for Node built-ins, which an ESM
  // bundle does not have.
  banner: {
    js: "import { createRequire as __loadgateCreateRequire } from 'node:module'; const require = __loadgateCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
