import { APP_API_KEY_PATTERN, DEV_API_KEY_PATTERN } from '@omi-kit/schemas';
import { OmiConfigError } from './errors.js';

const fail = (message: string) => new OmiConfigError({ code: 'invalid_api_key', message });

/** Mistakes common to both key kinds, named without ever echoing the key. */
function commonMistakes(key: string, kind: string): OmiConfigError | null {
  if (key.trim() !== key) {
    return fail(
      `The ${kind} has leading or trailing whitespace (often a newline from a .env file); remove it.`,
    );
  }
  if (/^bearer\s/i.test(key))
    return fail(`Pass the ${kind} without the "Bearer " prefix; the client adds it.`);
  if (/^["'].*["']$/.test(key)) return fail(`The ${kind} is wrapped in quotes; remove them.`);
  return null;
}

/**
 * Checks an `omi_dev_` key's format. The message says what is wrong and what to do; it never
 * contains the key or any part of it.
 */
export function checkDevApiKey(key: string | undefined): string {
  if (key === undefined || key === '') {
    throw fail(
      'No Omi API key: pass apiKey, or set OMI_API_KEY. Create a key in the Omi app under Settings -> Developer -> Create Key.',
    );
  }
  const mistake = commonMistakes(key, 'API key');
  if (mistake) throw mistake;
  if (DEV_API_KEY_PATTERN.test(key)) return key;
  if (key.startsWith('omi_mcp_')) {
    throw fail(
      'This is an MCP key (omi_mcp_...), which only works on the MCP endpoints; the Developer API needs an omi_dev_ key.',
    );
  }
  if (key.startsWith('sk_')) {
    throw fail('This is an app key (sk_...); use createOmiAppClient for the Integration API.');
  }
  if (key.startsWith('omi_dev_')) {
    throw fail(
      `The API key is malformed: expected omi_dev_ followed by 32 lower-case hex characters (40 in all), got ${key.length} characters. Copy the whole key again.`,
    );
  }
  throw fail('The API key is not an Omi Developer API key: it must start with omi_dev_.');
}

/** Checks an app's `sk_` key (Integration API). */
export function checkAppApiKey(key: string | undefined): string {
  if (key === undefined || key === '') {
    throw fail(
      "No app API key: pass apiKey, or set OMI_APP_API_KEY. Create one for your app in the Omi app (the app's API keys), it is shown once.",
    );
  }
  const mistake = commonMistakes(key, 'app API key');
  if (mistake) throw mistake;
  if (APP_API_KEY_PATTERN.test(key)) return key;
  if (key.startsWith('omi_dev_')) {
    throw fail(
      "This is a Developer API key (omi_dev_...); use createOmiClient, or pass your app's sk_ key here.",
    );
  }
  throw fail(
    `The app API key is malformed: expected sk_ followed by 32 lower-case hex characters, got ${key.length} characters.`,
  );
}
