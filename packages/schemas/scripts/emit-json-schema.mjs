// Writes the JSON Schema of every named schema, and the OpenAPI document, next to the built code.
import { mkdirSync, writeFileSync } from 'node:fs';
import { allJsonSchemas, developerApiOpenApi } from '../dist/index.js';

mkdirSync('dist/json-schema', { recursive: true });
for (const [name, schema] of Object.entries(allJsonSchemas())) {
  writeFileSync(`dist/json-schema/${name}.json`, `${JSON.stringify(schema, null, 2)}\n`);
}
writeFileSync('dist/openapi.json', `${JSON.stringify(developerApiOpenApi(), null, 2)}\n`);
