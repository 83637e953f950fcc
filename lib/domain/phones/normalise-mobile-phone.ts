import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type NormaliseMobileProblem = 'EMPTY' | 'INVALID' | 'NOT_UKRAINIAN' | 'NOT_MOBILE';

export type NormaliseMobileResult =
  | { ok: true; e164: string }
  | { ok: false; problem: NormaliseMobileProblem };

/** Longer input is not a phone number typed by a person; refused before parsing. */
const MAX_INPUT_LENGTH = 40;

/**
 * Turns what a resident types ("050 123 45 67", "(050) 123-45-67", "+380501234567",
 * "380501234567") into E.164 ("+380501234567") when it is a valid Ukrainian mobile number, the
 * only kind an SMS reminder can reach. Numbers without a country code are read as Ukrainian.
 *
 * Checks run in this order, so each answer names the first thing wrong: EMPTY (nothing but
 * spaces), INVALID (not a complete, valid number; an extension), NOT_UKRAINIAN (another country
 * code, valid or not), NOT_MOBILE (a Ukrainian landline, toll-free or other non-mobile range; the
 * full metadata knows the ranges). FIXED_LINE_OR_MOBILE counts as mobile: the metadata uses it
 * where the ranges cannot be told apart, and refusing it would refuse real mobiles.
 */
export function normaliseUkrainianMobile(input: string): NormaliseMobileResult {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, problem: 'EMPTY' };
  if (trimmed.length > MAX_INPUT_LENGTH) return { ok: false, problem: 'INVALID' };

  const parsed = parsePhoneNumberFromString(trimmed, 'UA');
  if (!parsed) return { ok: false, problem: 'INVALID' };
  if (parsed.countryCallingCode !== '380') return { ok: false, problem: 'NOT_UKRAINIAN' };
  if (!parsed.isValid() || parsed.ext !== undefined) return { ok: false, problem: 'INVALID' };

  const type = parsed.getType();
  if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') {
    return { ok: false, problem: 'NOT_MOBILE' };
  }
  return { ok: true, e164: parsed.number };
}
