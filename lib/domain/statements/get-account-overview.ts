import 'server-only';
import type { PrismaClient } from '../../server/db';
import type {
  CallListReason,
  ContactPreference,
  DisputeCategory,
  DisputeStatus,
} from '../../server/generated/prisma/enums';
import { maskPhone } from '../accounts/mask-phone';
import type { ArrearsReport } from '../arrears/age-arrears';
import { getAccountArrears } from '../arrears/get-account-arrears';
import type { BillingRules } from '../billing-rules';
import { evaluateCallList } from '../call-list/evaluate-call-list';

export type AccountOverview = {
  accountNumber: string;
  holderName: string;
  address: { street: string; houseNumber: string; apartment: string };
  areaCentiSqm: number;
  arrears: ArrearsReport;
  callList: {
    onList: boolean;
    since: Date | null;
    /** Why the account is (OVERDUE) or is not on the list, by the same rule the dialer uses. */
    reason: CallListReason;
    minOverdueMonths: number;
  };
  contactPreference: ContactPreference;
  /** The number SMS reminders go to, masked (null unless the resident chose SMS). */
  smsPhone: string | null;
  /** Phones masked to their last two digits. */
  phones: string[];
  openDisputes: { id: number; category: DisputeCategory; status: DisputeStatus; createdAt: Date }[];
};

/**
 * Everything the signed-in resident's overview shows. The caller must already have proved the
 * resident may see `accountId` (lib/server/auth/resident.ts); this function never decides that.
 */
export async function getAccountOverview(
  prisma: PrismaClient,
  options: { accountId: number; asOf?: Date; rules: BillingRules },
): Promise<AccountOverview> {
  const { rules } = options;
  const asOf = options.asOf ?? new Date();
  const account = await prisma.account.findUniqueOrThrow({
    where: { id: options.accountId },
    select: {
      number: true,
      holderName: true,
      apartment: true,
      areaCentiSqm: true,
      balanceKopecks: true,
      contactPreference: true,
      smsPhoneE164: true,
      building: { select: { street: true, houseNumber: true } },
      phones: { select: { e164: true }, orderBy: [{ isPrimary: 'desc' }, { id: 'asc' }] },
      callListEntries: { where: { removedAt: null }, select: { addedAt: true } },
      disputes: {
        where: { status: { in: ['OPEN', 'IN_REVIEW'] } },
        select: { id: true, category: true, status: true, createdAt: true },
        orderBy: { createdAt: 'desc' },
      },
    },
  });
  const arrears = await getAccountArrears(prisma, {
    accountId: options.accountId,
    balance: account.balanceKopecks,
    asOf,
    rules,
  });
  const evaluation = await evaluateCallList(prisma, { accountId: options.accountId, asOf, rules });
  const entry = account.callListEntries[0];
  return {
    accountNumber: account.number,
    holderName: account.holderName,
    address: {
      street: account.building.street,
      houseNumber: account.building.houseNumber,
      apartment: account.apartment,
    },
    areaCentiSqm: account.areaCentiSqm,
    arrears,
    callList: {
      onList: Boolean(entry),
      since: entry?.addedAt ?? null,
      reason: evaluation.reason,
      minOverdueMonths: rules.callListMinOverdueMonths,
    },
    contactPreference: account.contactPreference,
    smsPhone: account.smsPhoneE164 ? maskPhone(account.smsPhoneE164) : null,
    phones: account.phones.map((phone) => maskPhone(phone.e164)),
    openDisputes: account.disputes,
  };
}
