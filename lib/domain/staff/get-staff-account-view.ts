import 'server-only';
import { kyivDay, type MonthKey, monthKeyOfDate } from '../../dates';
import type { PrismaClient, Tx } from '../../server/db';
import type {
  AccountStatus,
  AdjustmentRequestStatus,
  AuthorKind,
  CallListAction,
  CallListReason,
  ConsentAction,
  ConsentChannel,
  ConsentSource,
  ContactPreference,
  DisputeCategory,
  DisputeResolution,
  DisputeStatus,
  LedgerEntryKind,
  Locale,
  PaymentProvider,
  PaymentReversalSource,
  PaymentStatus,
  PhoneKind,
  SmsKind,
  SmsStatus,
  WebhookOutcome,
  WebhookReview,
} from '../../server/generated/prisma/enums';
import type { ArrearsReport } from '../arrears/age-arrears';
import { getAccountArrears } from '../arrears/get-account-arrears';
import type { BillingRules } from '../billing-rules';
import type { CallListEvaluation } from '../call-list/call-list-reason';
import { evaluateCallList } from '../call-list/evaluate-call-list';
import { withServiceAndTariff } from '../ledger/with-service-and-tariff';

/** How many SMS messages the view shows (newest first). */
export const STAFF_VIEW_SMS_LIMIT = 50;

export type StaffServiceName = { code: string; uk: string; ru: string; en: string };
export type StaffPerson = { id: number; name: string };

export type StaffPhone = {
  id: number;
  e164: string;
  kind: PhoneKind;
  isPrimary: boolean;
  callable: boolean;
  verifiedAt: Date | null;
  /** The SMS provider reported a message to it failed: reminders to it stop. */
  smsFailedAt: Date | null;
  createdAt: Date;
};

/** One ledger entry with the balance after it (entries in effective order). */
export type StaffLedgerLine = {
  /** The ledger entry id (a bigint in the database), as a string. */
  id: string;
  kind: LedgerEntryKind;
  effectiveAt: Date;
  createdAt: Date;
  /** The billing month of an accrual (or the month an adjustment is for), else null. */
  month: MonthKey | null;
  service: StaffServiceName | null;
  /** The tariff an accrual used: its rate and the month it took effect. */
  tariff: { rateKopecksPerSqm: number; effectiveFrom: MonthKey } | null;
  areaCentiSqm: number | null;
  amountKopecks: number;
  memo: string | null;
  paymentId: number | null;
  receiptNumber: string | null;
  /** For a REVERSAL: the entry it undoes. */
  reversesEntryId: string | null;
  disputeId: number | null;
  /** Who posted it (adjustments and reversals by staff). */
  staff: StaffPerson | null;
  /** The account's balance after this entry: the sum of it and every entry before it. */
  runningBalanceKopecks: number;
};

export type StaffAccrualLine = {
  ledgerEntryId: string;
  service: StaffServiceName;
  areaCentiSqm: number | null;
  rateKopecksPerSqm: number | null;
  tariffEffectiveFrom: MonthKey | null;
  amountKopecks: number;
  /** How much later reversals took back from this line (0 when none). */
  reversedKopecks: number;
};

export type StaffAccrualMonth = {
  month: MonthKey;
  lines: StaffAccrualLine[];
  /** The month's accruals less what was reversed of them. */
  totalKopecks: number;
};

export type StaffWebhookEvent = {
  id: number;
  provider: PaymentProvider;
  eventId: string;
  type: string;
  outcome: WebhookOutcome;
  receivedAt: Date;
  paymentId: number | null;
  review: WebhookReview | null;
  reviewNote: string | null;
  reviewedAt: Date | null;
};

export type StaffPayment = {
  id: number;
  provider: PaymentProvider;
  providerPaymentId: string;
  checkoutSessionId: string | null;
  receiptNumber: string;
  status: PaymentStatus;
  amountKopecks: number;
  refundedKopecks: number;
  currency: string;
  createdAt: Date;
  succeededAt: Date | null;
  /** Refunds (per charge) and card disputes (per dispute id) the provider reported. */
  reversals: {
    source: PaymentReversalSource;
    sourceId: string;
    reversedKopecks: number;
    reinstatedKopecks: number;
    disputeStatus: string | null;
    updatedAt: Date;
  }[];
  webhookEvents: StaffWebhookEvent[];
};

export type StaffCallListStay = {
  id: number;
  phoneE164: string;
  overdueKopecks: number;
  overdueMonths: number;
  addedAt: Date;
  removedAt: Date | null;
  removalReason: CallListReason | null;
};

export type StaffCallListEvent = {
  /** The feed id (a bigint in the database), as a string. */
  id: string;
  entryId: number;
  action: CallListAction;
  reason: CallListReason;
  createdAt: Date;
};

export type StaffDispute = {
  id: number;
  status: DisputeStatus;
  category: DisputeCategory;
  month: MonthKey | null;
  paymentId: number | null;
  description: string;
  openedBy: AuthorKind;
  createdAt: Date;
  /** The Kyiv day it must be answered by ('YYYY-MM-DD'). */
  dueOn: string | null;
  /** Not resolved and its due day has passed (Kyiv). */
  pastDue: boolean;
  assignedTo: StaffPerson | null;
  resolution: DisputeResolution | null;
  resolutionNote: string | null;
  resolvedAt: Date | null;
  messageCount: number;
};

export type StaffAdjustmentRequest = {
  id: number;
  disputeId: number | null;
  amountKopecks: number;
  month: MonthKey | null;
  memo: string;
  residentNote: string | null;
  status: AdjustmentRequestStatus;
  requestedBy: StaffPerson;
  requestedAt: Date;
  decidedBy: StaffPerson | null;
  decidedAt: Date | null;
  decisionNote: string | null;
  ledgerEntryId: string | null;
};

/** Something on the account waiting for someone, oldest first. */
export type StaffPendingItem =
  | { kind: 'DISPUTE'; id: number; since: Date; pastDue: boolean }
  | { kind: 'ADJUSTMENT_REQUEST'; id: number; since: Date }
  | { kind: 'PAYMENT_PENDING'; id: number; since: Date }
  | { kind: 'CARD_DISPUTE'; id: number; since: Date }
  | { kind: 'WEBHOOK_NEEDS_REVIEW'; id: number; since: Date };

export type StaffAccountView = {
  asOf: Date;
  account: {
    id: number;
    number: string;
    holderName: string;
    address: { district: string; street: string; houseNumber: string; apartment: string };
    areaCentiSqm: number;
    status: AccountStatus;
    openedOn: Date;
    closedOn: Date | null;
    preferredLocale: Locale;
    contactPreference: ContactPreference;
    smsPhoneE164: string | null;
    doNotCall: boolean;
    /** The cached ledger sum (positive = owes). */
    balanceKopecks: number;
    phones: StaffPhone[];
  };
  /** FIFO ageing (DESIGN rule 2) as of `asOf`. */
  arrears: ArrearsReport;
  /** Every ledger entry, oldest first (effective time, then creation, then id). */
  ledger: StaffLedgerLine[];
  /** The accrual lines by billing month (oldest first), services in their display order. */
  accruals: StaffAccrualMonth[];
  /** Payments, newest first, with their reversals and the provider events about them. */
  payments: StaffPayment[];
  /** NEEDS_REVIEW events staff attached to this account that name no payment of it. */
  attachedWebhookEvents: StaffWebhookEvent[];
  callList: {
    onList: boolean;
    since: Date | null;
    /** Rule 3 evaluated now: OVERDUE = belongs on the list, otherwise why not. */
    evaluation: CallListEvaluation;
    minOverdueMonths: number;
    minOverdueKopecks: number;
    /** Every stay on the list, newest first. */
    stays: StaffCallListStay[];
    /** The feed's additions and removals for this account, oldest first. */
    events: StaffCallListEvent[];
  };
  /** Opt-ins and opt-outs, newest first. */
  consents: {
    id: number;
    phoneE164: string;
    channel: ConsentChannel;
    action: ConsentAction;
    source: ConsentSource;
    staff: StaffPerson | null;
    evidence: unknown;
    createdAt: Date;
  }[];
  /** The newest STAFF_VIEW_SMS_LIMIT messages. */
  sms: {
    id: number;
    phoneE164: string;
    kind: SmsKind;
    status: SmsStatus;
    body: string;
    segments: number | null;
    error: string | null;
    createdAt: Date;
    sentAt: Date | null;
    deliveredAt: Date | null;
  }[];
  /** Disputes, newest first. */
  disputes: StaffDispute[];
  /** Four-eyes adjustment requests, newest first. */
  adjustmentRequests: StaffAdjustmentRequest[];
  /** Open disputes, pending requests and payments, open card disputes, events to review. */
  pending: StaffPendingItem[];
};

const person = (user: { id: number; name: string } | null): StaffPerson | null =>
  user ? { id: user.id, name: user.name } : null;

const serviceName = (service: {
  code: string;
  nameUk: string;
  nameRu: string;
  nameEn: string;
}): StaffServiceName => ({
  code: service.code,
  uk: service.nameUk,
  ru: service.nameRu,
  en: service.nameEn,
});

const monthOrNull = (date: Date | null): MonthKey | null => (date ? monthKeyOfDate(date) : null);

/** A DATE column (UTC midnight of its day) as 'YYYY-MM-DD'. */
const dayOf = (date: Date): string => date.toISOString().slice(0, 10);

/**
 * Everything the staff account page needs to answer "why does this resident owe this, and why
 * are they (not) being called?": the account and its phones, the ledger with a running
 * balance, the accruals by month with the tariff used, the FIFO ageing (rule 2, by
 * getAccountArrears), the call-list evaluation (rule 3) and its history, payments with their
 * provider events, consents, SMS, disputes, adjustment requests and what is pending.
 *
 * Reads only; null for an unknown account. The caller authorises the staff member and writes
 * the audit entry (in the same transaction when it passes a Tx, which also gives the reads one
 * snapshot under REPEATABLE READ).
 */
export async function getStaffAccountView(
  db: PrismaClient | Tx,
  options: { accountId: number; rules: BillingRules; asOf?: Date },
): Promise<StaffAccountView | null> {
  const { accountId, rules } = options;
  const asOf = options.asOf ?? new Date();
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: {
      id: true,
      number: true,
      holderName: true,
      apartment: true,
      areaCentiSqm: true,
      status: true,
      openedOn: true,
      closedOn: true,
      preferredLocale: true,
      contactPreference: true,
      smsPhoneE164: true,
      doNotCall: true,
      balanceKopecks: true,
      building: {
        select: { street: true, houseNumber: true, district: { select: { name: true } } },
      },
      phones: {
        orderBy: [{ isPrimary: 'desc' }, { id: 'asc' }],
        select: {
          id: true,
          e164: true,
          kind: true,
          isPrimary: true,
          callable: true,
          verifiedAt: true,
          smsFailedAt: true,
          createdAt: true,
        },
      },
    },
  });
  if (!account) return null;

  const staffSelect = { select: { id: true, name: true } } as const;
  const webhookSelect = {
    id: true,
    provider: true,
    eventId: true,
    type: true,
    outcome: true,
    receivedAt: true,
    paymentId: true,
    review: true,
    reviewNote: true,
    reviewedAt: true,
  } as const;
  // One query after another: inside a transaction they share its one connection.
  const arrears = await getAccountArrears(db, {
    accountId,
    balance: account.balanceKopecks,
    asOf,
    rules,
  });
  const evaluation = await evaluateCallList(db, { accountId, asOf, rules });
  const entries = await withServiceAndTariff(
    db,
    await db.ledgerEntry.findMany({
      where: { accountId },
      orderBy: [{ effectiveAt: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
      select: {
        id: true,
        kind: true,
        effectiveAt: true,
        createdAt: true,
        periodMonth: true,
        areaCentiSqm: true,
        amountKopecks: true,
        memo: true,
        paymentId: true,
        reversesEntryId: true,
        disputeId: true,
        serviceId: true,
        tariffId: true,
        payment: { select: { receiptNumber: true } },
        staffUser: staffSelect,
      },
    }),
  );
  const payments = await db.payment.findMany({
    where: { accountId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      provider: true,
      providerPaymentId: true,
      checkoutSessionId: true,
      receiptNumber: true,
      status: true,
      amountKopecks: true,
      refundedKopecks: true,
      currency: true,
      createdAt: true,
      succeededAt: true,
      reversals: {
        orderBy: { id: 'asc' },
        select: {
          source: true,
          sourceId: true,
          reversedKopecks: true,
          reinstatedKopecks: true,
          disputeStatus: true,
          updatedAt: true,
        },
      },
      webhookEvents: { orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }], select: webhookSelect },
    },
  });
  const attachedEvents = await db.webhookEvent.findMany({
    where: {
      attachedAccountId: accountId,
      OR: [{ paymentId: null }, { payment: { accountId: { not: accountId } } }],
    },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    select: webhookSelect,
  });
  const stays = await db.callListEntry.findMany({
    where: { accountId },
    orderBy: [{ addedAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      phoneE164: true,
      overdueKopecks: true,
      overdueMonths: true,
      addedAt: true,
      removedAt: true,
      removalReason: true,
    },
  });
  const events = await db.callListEvent.findMany({
    where: { accountId },
    orderBy: { id: 'asc' },
    select: { id: true, entryId: true, action: true, reason: true, createdAt: true },
  });
  const consents = await db.consentRecord.findMany({
    where: { accountId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      phoneE164: true,
      channel: true,
      action: true,
      source: true,
      evidence: true,
      createdAt: true,
      staffUser: staffSelect,
    },
  });
  const sms = await db.smsMessage.findMany({
    where: { accountId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: STAFF_VIEW_SMS_LIMIT,
    select: {
      id: true,
      phoneE164: true,
      kind: true,
      status: true,
      body: true,
      segments: true,
      error: true,
      createdAt: true,
      sentAt: true,
      deliveredAt: true,
    },
  });
  const disputes = await db.dispute.findMany({
    where: { accountId },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      status: true,
      category: true,
      periodMonth: true,
      paymentId: true,
      description: true,
      openedBy: true,
      createdAt: true,
      dueOn: true,
      resolution: true,
      resolutionNote: true,
      resolvedAt: true,
      assignedTo: staffSelect,
      _count: { select: { messages: true } },
    },
  });
  const requests = await db.adjustmentRequest.findMany({
    where: { accountId },
    orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      disputeId: true,
      amountKopecks: true,
      periodMonth: true,
      memo: true,
      residentNote: true,
      status: true,
      requestedAt: true,
      decidedAt: true,
      decisionNote: true,
      ledgerEntryId: true,
      requestedBy: staffSelect,
      decidedBy: staffSelect,
    },
  });

  let running = 0;
  const ledger: StaffLedgerLine[] = entries.map((entry) => {
    running += entry.amountKopecks;
    return {
      id: entry.id.toString(),
      kind: entry.kind,
      effectiveAt: entry.effectiveAt,
      createdAt: entry.createdAt,
      month: monthOrNull(entry.periodMonth),
      service: entry.service ? serviceName(entry.service) : null,
      tariff: entry.tariff
        ? {
            rateKopecksPerSqm: entry.tariff.rateKopecksPerSqm,
            effectiveFrom: monthKeyOfDate(entry.tariff.effectiveFrom),
          }
        : null,
      areaCentiSqm: entry.areaCentiSqm,
      amountKopecks: entry.amountKopecks,
      memo: entry.memo,
      paymentId: entry.paymentId,
      receiptNumber: entry.payment?.receiptNumber ?? null,
      reversesEntryId: entry.reversesEntryId?.toString() ?? null,
      disputeId: entry.disputeId,
      staff: person(entry.staffUser),
      runningBalanceKopecks: running,
    };
  });

  // Accruals by month, from the same rows: what each service cost, at which tariff, and how
  // much of it a reversal took back.
  const reversedOf = new Map<string, number>();
  for (const entry of entries) {
    if (entry.kind !== 'REVERSAL' || entry.reversesEntryId === null) continue;
    const key = entry.reversesEntryId.toString();
    reversedOf.set(key, (reversedOf.get(key) ?? 0) - entry.amountKopecks);
  }
  const byMonth = new Map<MonthKey, { sortOrder: number; line: StaffAccrualLine }[]>();
  for (const entry of entries) {
    if (entry.kind !== 'ACCRUAL' || !entry.periodMonth || !entry.service) continue;
    const month = monthKeyOfDate(entry.periodMonth);
    const id = entry.id.toString();
    const lines = byMonth.get(month) ?? [];
    lines.push({
      sortOrder: entry.service.sortOrder,
      line: {
        ledgerEntryId: id,
        service: serviceName(entry.service),
        areaCentiSqm: entry.areaCentiSqm,
        rateKopecksPerSqm: entry.tariff?.rateKopecksPerSqm ?? null,
        tariffEffectiveFrom: entry.tariff ? monthKeyOfDate(entry.tariff.effectiveFrom) : null,
        amountKopecks: entry.amountKopecks,
        reversedKopecks: reversedOf.get(id) ?? 0,
      },
    });
    byMonth.set(month, lines);
  }
  const accruals: StaffAccrualMonth[] = [...byMonth.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([month, lines]) => {
      const sorted = lines
        .sort(
          (a, b) =>
            a.sortOrder - b.sortOrder || a.line.service.code.localeCompare(b.line.service.code),
        )
        .map((item) => item.line);
      return {
        month,
        lines: sorted,
        totalKopecks: sorted.reduce(
          (sum, line) => sum + line.amountKopecks - line.reversedKopecks,
          0,
        ),
      };
    });

  const today = kyivDay(asOf);
  const staffDisputes: StaffDispute[] = disputes.map((dispute) => {
    const dueOn = dispute.dueOn ? dayOf(dispute.dueOn) : null;
    return {
      id: dispute.id,
      status: dispute.status,
      category: dispute.category,
      month: monthOrNull(dispute.periodMonth),
      paymentId: dispute.paymentId,
      description: dispute.description,
      openedBy: dispute.openedBy,
      createdAt: dispute.createdAt,
      dueOn,
      pastDue: dispute.status !== 'RESOLVED' && dueOn !== null && dueOn < today,
      assignedTo: person(dispute.assignedTo),
      resolution: dispute.resolution,
      resolutionNote: dispute.resolutionNote,
      resolvedAt: dispute.resolvedAt,
      messageCount: dispute._count.messages,
    };
  });

  const adjustmentRequests: StaffAdjustmentRequest[] = requests.map((request) => ({
    id: request.id,
    disputeId: request.disputeId,
    amountKopecks: request.amountKopecks,
    month: monthOrNull(request.periodMonth),
    memo: request.memo,
    residentNote: request.residentNote,
    status: request.status,
    requestedBy: { id: request.requestedBy.id, name: request.requestedBy.name },
    requestedAt: request.requestedAt,
    decidedBy: person(request.decidedBy),
    decidedAt: request.decidedAt,
    decisionNote: request.decisionNote,
    ledgerEntryId: request.ledgerEntryId?.toString() ?? null,
  }));

  const pending: StaffPendingItem[] = [];
  for (const dispute of staffDisputes) {
    if (dispute.status === 'RESOLVED') continue;
    pending.push({
      kind: 'DISPUTE',
      id: dispute.id,
      since: dispute.createdAt,
      pastDue: dispute.pastDue,
    });
  }
  for (const request of adjustmentRequests) {
    if (request.status === 'PENDING') {
      pending.push({ kind: 'ADJUSTMENT_REQUEST', id: request.id, since: request.requestedAt });
    }
  }
  for (const payment of payments) {
    if (payment.status === 'PENDING') {
      pending.push({ kind: 'PAYMENT_PENDING', id: payment.id, since: payment.createdAt });
    }
    const openCardDispute = payment.reversals.find(
      (reversal) => reversal.source === 'DISPUTE' && reversal.disputeStatus === 'OPEN',
    );
    if (openCardDispute) {
      pending.push({ kind: 'CARD_DISPUTE', id: payment.id, since: openCardDispute.updatedAt });
    }
    for (const event of payment.webhookEvents) {
      if (event.outcome === 'NEEDS_REVIEW' && event.review === null) {
        pending.push({ kind: 'WEBHOOK_NEEDS_REVIEW', id: event.id, since: event.receivedAt });
      }
    }
  }
  pending.sort((a, b) => a.since.getTime() - b.since.getTime());

  const openStay = stays.find((stay) => stay.removedAt === null);
  return {
    asOf,
    account: {
      id: account.id,
      number: account.number,
      holderName: account.holderName,
      address: {
        district: account.building.district.name,
        street: account.building.street,
        houseNumber: account.building.houseNumber,
        apartment: account.apartment,
      },
      areaCentiSqm: account.areaCentiSqm,
      status: account.status,
      openedOn: account.openedOn,
      closedOn: account.closedOn,
      preferredLocale: account.preferredLocale,
      contactPreference: account.contactPreference,
      smsPhoneE164: account.smsPhoneE164,
      doNotCall: account.doNotCall,
      balanceKopecks: account.balanceKopecks,
      phones: account.phones,
    },
    arrears,
    ledger,
    accruals,
    payments,
    attachedWebhookEvents: attachedEvents,
    callList: {
      onList: openStay !== undefined,
      since: openStay?.addedAt ?? null,
      evaluation,
      minOverdueMonths: rules.callListMinOverdueMonths,
      minOverdueKopecks: rules.callListMinOverdueKopecks,
      stays,
      events: events.map((event) => ({ ...event, id: event.id.toString() })),
    },
    consents: consents.map(({ staffUser, ...consent }) => ({
      ...consent,
      staff: person(staffUser),
    })),
    sms,
    disputes: staffDisputes,
    adjustmentRequests,
    pending,
  };
}
