import { WebhookSignatureError } from './webhook-signature-error.js';

/** Either one secret or several (during a rotation); both may be given and are tried in order. */
export interface SecretInput {
  /** The `whsec_…` signing secret, used whole (prefix included) as the UTF-8 HMAC key. */
  secret?: string | undefined;
  /** Several secrets, e.g. the current and the previous one during the 24 h rotation overlap. */
  secrets?: readonly string[] | undefined;
}

/** The secrets to use, checked; throws `secret_missing` or `secret_has_whitespace`. */
export function signingSecrets(input: SecretInput): string[] {
  const all = [...(input.secret === undefined ? [] : [input.secret]), ...(input.secrets ?? [])];
  if (all.length === 0) {
    throw new WebhookSignatureError(
      'secret_missing',
      'No signing secret was given. Pass `secret` (the whsec_… value Omi showed once when signing was ' +
        'enabled) or `secrets` (current and previous, during a rotation).',
    );
  }
  all.forEach((secret, index) => {
    const which = all.length > 1 ? `Signing secret #${index + 1}` : 'The signing secret';
    if (typeof secret !== 'string' || secret.length === 0) {
      throw new WebhookSignatureError(
        'secret_missing',
        `${which} is empty or not a string. Check the environment variable or secret store it is read from.`,
        { secretIndex: index, secretCount: all.length },
      );
    }
    if (secret.trim() !== secret) {
      throw new WebhookSignatureError(
        'secret_has_whitespace',
        `${which} has leading or trailing whitespace; Omi secrets (whsec_…) never do. Trim it where ` +
          'you load it (often a trailing newline in an .env file or a mounted secret).',
        { secretIndex: index, secretCount: all.length },
      );
    }
  });
  return all;
}
