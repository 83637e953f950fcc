/** The several-account pay form's path and field names, shared by the page and its action. */
export const PAY_SEVERAL_PATH = '/account/pay';

/** One amount field per linked account: `amount-<account id>`. */
export const AMOUNT_FIELD = /^amount-([0-9]{1,10})$/;

export function amountFieldName(accountId: number): string {
  return `amount-${accountId}`;
}
