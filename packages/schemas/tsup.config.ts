import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // Ship the JSON Schema of every named schema, and the OpenAPI document, next to the code.
  onSuccess: 'node scripts/emit-json-schema.mjs',
});
