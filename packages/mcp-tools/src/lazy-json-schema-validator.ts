import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';

let shared: AjvJsonSchemaValidator | undefined;

/**
 * The SDK's Ajv validator, built on first use and shared by every server in the process. The SDK
 * builds a new Ajv instance per server by default, which costs milliseconds at start-up and on
 * every stateless request, although Omi's tools never use it (it checks elicitation answers).
 */
export const lazyJsonSchemaValidator: jsonSchemaValidator = {
  getValidator(schema) {
    shared ??= new AjvJsonSchemaValidator();
    return shared.getValidator(schema);
  },
};
