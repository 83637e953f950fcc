import { z } from 'zod';

/** At most this many accounts can be linked in one browser session. */
export const MAX_LINKED_ACCOUNTS = 10;

const ZLinkedAccountSchema = z.object({
  id: z.number().int().positive(),
  number: z.string().regex(/^[0-9]{1,20}$/),
});

/**
 * What the session token says about the resident: the accounts they proved (bill code or SMS
 * code) in this browser session, and the one being viewed. Nothing else is trusted.
 */
export const ZResidentClaimsSchema = z
  .object({
    current: z.number().int().positive(),
    accounts: z.array(ZLinkedAccountSchema).min(1).max(MAX_LINKED_ACCOUNTS),
  })
  .refine((claims) => claims.accounts.some((account) => account.id === claims.current), {
    message: 'the current account must be one of the linked accounts',
  });

export type TResidentClaims = z.infer<typeof ZResidentClaimsSchema>;

export function parseResidentClaims(value: unknown): TResidentClaims | null {
  const parsed = ZResidentClaimsSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * Adds a freshly proved account to what this browser session had proved already and makes it
 * the current one. The oldest link is dropped beyond MAX_LINKED_ACCOUNTS.
 */
export function linkAccount(
  existing: TResidentClaims | null,
  proved: { accountId: number; accountNumber: string },
): TResidentClaims {
  const others = (existing?.accounts ?? []).filter((account) => account.id !== proved.accountId);
  const accounts = [...others, { id: proved.accountId, number: proved.accountNumber }].slice(
    -MAX_LINKED_ACCOUNTS,
  );
  return { current: proved.accountId, accounts };
}

/** Makes `accountId` current when it is linked; otherwise returns null (never adds it). */
export function switchAccount(claims: TResidentClaims, accountId: number): TResidentClaims | null {
  return claims.accounts.some((account) => account.id === accountId)
    ? { ...claims, current: accountId }
    : null;
}
