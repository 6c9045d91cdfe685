import { OmiClient, type OmiClientOptions } from './omi-client.js';

/**
 * A Developer API client. The key (default `OMI_API_KEY`) and the base URL (default
 * `OMI_API_BASE_URL`, else https://api.omi.me) are checked here, so a bad configuration fails at
 * start-up with a message that says what to fix, never at the first call.
 */
export function createOmiClient(options: OmiClientOptions = {}): OmiClient {
  return new OmiClient(options);
}
