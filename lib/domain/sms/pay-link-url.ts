import { createPayLinkToken } from './pay-link-token';

/** The short pay link a reminder carries: `<base>/p/<token>` (about 36 characters). */
export function payLinkUrl(options: {
  baseUrl: string;
  accountId: number;
  expiresAt: Date;
  secret: string;
}): string {
  const token = createPayLinkToken({
    accountId: options.accountId,
    expiresAt: options.expiresAt,
    secret: options.secret,
  });
  return `${options.baseUrl.replace(/\/$/, '')}/p/${token}`;
}
