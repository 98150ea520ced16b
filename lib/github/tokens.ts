import type { ParameterSource } from '../config/load';
import { keepSecret } from '../redact';
import type { TokenSource } from './compare';

/** As long as the Slack secrets are trusted: a rotated token is picked up within 15 minutes. */
export const TOKEN_MAX_AGE_SECONDS = 900;

/**
 * GitHub tokens from SSM SecureStrings (apps.<app>.github.tokenParameter), decrypted and cached per container like the
 * Slack secrets, and remembered as secrets so nothing the bot logs or posts can carry one.
 */
export function parameterTokens(parameters: ParameterSource): TokenSource {
  return async (name) => {
    const token = await parameters.get(name, { decrypt: true, maxAgeSeconds: TOKEN_MAX_AGE_SECONDS });
    keepSecret(token, token.trim());
    return token.trim();
  };
}
