import 'server-only';
import twilio from 'twilio';

/**
 * Twilio's webhook signature check, by the SDK's own validator: HMAC-SHA1 over the public URL
 * Twilio posted to and the sorted form parameters, keyed with the account's auth token. Run
 * before anything of the request is used.
 */
export function isValidTwilioRequest(options: {
  authToken: string;
  signature: string | null;
  url: string;
  params: Record<string, string>;
}): boolean {
  if (!options.signature) return false;
  return twilio.validateRequest(options.authToken, options.signature, options.url, options.params);
}

/** Twilio's own signing, for tests and the development tools: the exact header Twilio sends. */
export function signLikeTwilio(
  authToken: string,
  url: string,
  params: Record<string, string>,
): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}
