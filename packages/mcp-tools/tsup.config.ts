import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
  },
  {
    // The bin is one self-contained file: loading the SDK, zod and ajv from hundreds of small
    // module files was most of the stdio server's cold start. It bundles only what stdio needs.
    entry: ['src/cli.ts'],
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    noExternal: [/.*/],
    platform: 'node',
    banner: {
      js: "#!/usr/bin/env node\nimport { createRequire as __omiCreateRequire } from 'node:module';\nconst require = __omiCreateRequire(import.meta.url);",
    },
  },
]);
