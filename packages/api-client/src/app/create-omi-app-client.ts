import { OmiAppClient, type OmiAppClientOptions } from './omi-app-client.js';

/**
 * An Integration API client for your app (`sk_` key). App id and key default to `OMI_APP_ID` and
 * `OMI_APP_API_KEY`; both are checked here.
 */
export function createOmiAppClient(options: OmiAppClientOptions = {}): OmiAppClient {
  return new OmiAppClient(options);
}
