import 'server-only';
import { formatAccountNumber } from '@/lib/domain/accounts/account-number';
import { AppError } from '@/lib/domain/app-error';
import { requestPeriodClose } from '@/lib/domain/billing/period-close-console';
import { createDialerApiKey, revokeDialerApiKey } from '@/lib/domain/dialer/dialer-api-keys';
import {
  deleteDialerPushEndpoint,
  registerDialerPushEndpoint,
  retryDialerPushNow,
  rotateDialerPushSecret,
  setDialerPushEnabled,
} from '@/lib/domain/dialer/dialer-push-endpoints';
import {
  assignDispute,
  replyToDispute,
  resolveDispute,
} from '@/lib/domain/disputes/staff-disputes';
import {
  approvePaymentPlan,
  cancelPaymentPlan,
  declinePaymentPlan,
} from '@/lib/domain/plans/decide-payment-plan';
import {
  approveAdjustment,
  correctAccount,
  declineAdjustment,
} from '@/lib/domain/staff/adjustments';
import { reissueBillAccessCode } from '@/lib/domain/staff/reissue-bill-code';
import type { StaffRole } from '@/lib/domain/staff/staff-actor';
import type { StaffSessionView } from '@/lib/domain/staff/staff-session';
import { signOutStaff } from '@/lib/domain/staff/staff-session';
import { confirmTotpEnrolment, startTotpEnrolment } from '@/lib/domain/staff/staff-sign-in';
import {
  attachUnmatchedPayment,
  markUnmatchedForRefund,
} from '@/lib/domain/staff/unmatched-payments';
import { scheduleTariff, withdrawTariff } from '@/lib/domain/tariffs/tariff-schedule';
import {
  type CookieSpec,
  clearedCookie,
  staffTicketCookie,
  staffTicketCookieName,
} from '@/lib/server/auth/staff';
import { getPrisma } from '@/lib/server/db';
import {
  allowsLoopbackDialerPush,
  getAccountNumberScheme,
  getBillCodePepper,
  getBillingRules,
  getStaffPolicy,
  getStaffTotpKey,
} from '@/lib/server/env';
import { enqueueInTransaction, JOBS } from '@/lib/server/jobs/queue';
import { ACTION_ROLES, type StaffActionName } from './action-roles';
import { billCodeSlip } from './bill-code-slip';
import { dialerSecretPage } from './dialer-secret-page';
import { id, month, signedAmount, tariffForm, text } from './form';
import { kyivDateTime } from './messages';

/**
 * Every console action (a form post to /staff/act/<name>), with the least role it needs. The
 * route checks the role before anything runs, and each domain function checks it again. A
 * result says where to go next and what to tell the staff member; `signOut` clears the cookie.
 */
export type ActionResult = {
  to: string;
  notice: string;
  signOut?: boolean;
  /** A page to answer with instead of a redirect (a bill code shown once). */
  html?: string;
  cookies?: CookieSpec[];
};

export type StaffAction = {
  role: StaffRole;
  run: (input: {
    session: StaffSessionView;
    form: FormData;
    ticket: string | null;
  }) => Promise<ActionResult>;
};

const prisma = () => getPrisma();

export const STAFF_ACTIONS: {
  [K in StaffActionName]: StaffAction & { role: (typeof ACTION_ROLES)[K] };
} = {
  'tariff.schedule': {
    role: ACTION_ROLES['tariff.schedule'],
    run: async ({ session, form }) => {
      const input = tariffForm(form);
      await scheduleTariff(prisma(), session, input);
      return {
        to: `/staff/admin/tariffs?category=${input.categoryId}`,
        notice: 'tariff-scheduled',
      };
    },
  },
  'tariff.withdraw': {
    role: ACTION_ROLES['tariff.withdraw'],
    run: async ({ session, form }) => {
      await withdrawTariff(prisma(), session, { tariffId: id(form, 'tariffId') });
      return { to: '/staff/admin/tariffs', notice: 'tariff-withdrawn' };
    },
  },
  'period.close': {
    role: ACTION_ROLES['period.close'],
    run: async ({ session, form }) => {
      const closing = month(form, 'month');
      if (!closing) throw new AppError('INVALID_INPUT', 'choose the month to close');
      await requestPeriodClose(prisma(), session, {
        month: closing,
        resume: text(form, 'resume', 3) === '1',
        enqueue: (tx, job) => enqueueInTransaction(tx, JOBS.closePeriod, job),
      });
      return { to: `/staff/admin/periods?month=${closing}`, notice: 'close-queued' };
    },
  },
  'sign-out': {
    role: ACTION_ROLES['sign-out'],
    run: async ({ session }) => {
      await signOutStaff(prisma(), { sessionId: session.sessionId, everywhere: false });
      return { to: '/staff/sign-in', notice: 'signed-out', signOut: true };
    },
  },
  'sign-out-everywhere': {
    role: ACTION_ROLES['sign-out-everywhere'],
    run: async ({ session }) => {
      await signOutStaff(prisma(), { sessionId: session.sessionId, everywhere: true });
      return { to: '/staff/sign-in', notice: 'signed-out-everywhere', signOut: true };
    },
  },
  'dispute.assign': {
    role: ACTION_ROLES['dispute.assign'],
    run: async ({ session, form }) => {
      const disputeId = id(form, 'disputeId');
      await assignDispute(prisma(), session, { disputeId });
      return { to: `/staff/disputes/${disputeId}`, notice: 'assigned' };
    },
  },
  'dispute.reply': {
    role: ACTION_ROLES['dispute.reply'],
    run: async ({ session, form }) => {
      const disputeId = id(form, 'disputeId');
      await replyToDispute(prisma(), session, { disputeId, body: text(form, 'body') });
      return { to: `/staff/disputes/${disputeId}`, notice: 'replied' };
    },
  },
  'dispute.resolve': {
    role: ACTION_ROLES['dispute.resolve'],
    run: async ({ session, form }) => {
      const disputeId = id(form, 'disputeId');
      const resolution = text(form, 'resolution', 10) === 'ACCEPTED' ? 'ACCEPTED' : 'REJECTED';
      const correct = resolution === 'ACCEPTED' && text(form, 'amount', 32).trim() !== '';
      const outcome = await resolveDispute(prisma(), session, {
        disputeId,
        resolution,
        note: text(form, 'note'),
        correction: correct
          ? {
              amountKopecks: signedAmount(form, 'amount', 'direction'),
              periodMonth: month(form, 'month'),
              memo: text(form, 'memo', 2000),
            }
          : null,
        approvalKopecks: getStaffPolicy().adjustmentApprovalKopecks,
        rules: getBillingRules(),
      });
      return {
        to: `/staff/disputes/${disputeId}`,
        notice: outcome.kind === 'AWAITING_APPROVAL' ? 'awaiting-approval' : 'resolved',
      };
    },
  },
  'adjustment.approve': {
    role: ACTION_ROLES['adjustment.approve'],
    run: async ({ session, form }) => {
      await approveAdjustment(prisma(), session, {
        requestId: id(form, 'requestId'),
        note: text(form, 'note', 2000),
        rules: getBillingRules(),
      });
      return { to: '/staff/approvals', notice: 'approved' };
    },
  },
  'adjustment.decline': {
    role: ACTION_ROLES['adjustment.decline'],
    run: async ({ session, form }) => {
      const outcome = await declineAdjustment(prisma(), session, {
        requestId: id(form, 'requestId'),
        note: text(form, 'note', 2000),
      });
      return { to: '/staff/approvals', notice: outcome === 'WITHDRAWN' ? 'withdrawn' : 'declined' };
    },
  },
  'plan.approve': {
    role: ACTION_ROLES['plan.approve'],
    run: async ({ session, form }) => {
      await approvePaymentPlan(prisma(), session, {
        planId: id(form, 'planId'),
        rules: getBillingRules(),
      });
      return { to: '/staff/plans', notice: 'plan-approved' };
    },
  },
  'plan.decline': {
    role: ACTION_ROLES['plan.decline'],
    run: async ({ session, form }) => {
      await declinePaymentPlan(prisma(), session, {
        planId: id(form, 'planId'),
        note: text(form, 'note', 2000),
      });
      return { to: '/staff/plans', notice: 'plan-declined' };
    },
  },
  'plan.cancel': {
    role: ACTION_ROLES['plan.cancel'],
    run: async ({ session, form }) => {
      const { accountId } = await cancelPaymentPlan(prisma(), session, {
        planId: id(form, 'planId'),
        note: text(form, 'note', 2000),
        rules: getBillingRules(),
      });
      return {
        to: `/staff/accounts/${accountId}#plans`,
        notice: 'plan-cancelled',
      };
    },
  },
  'account.correct': {
    role: ACTION_ROLES['account.correct'],
    run: async ({ session, form }) => {
      const accountId = id(form, 'accountId');
      const outcome = await correctAccount(prisma(), session, {
        accountId,
        amountKopecks: signedAmount(form, 'amount', 'direction'),
        periodMonth: month(form, 'month'),
        memo: text(form, 'memo', 2000),
        approvalKopecks: getStaffPolicy().adjustmentApprovalKopecks,
        rules: getBillingRules(),
      });
      return {
        to: `/staff/accounts/${accountId}`,
        notice: outcome.kind === 'POSTED' ? 'corrected' : 'awaiting-approval',
      };
    },
  },
  'account.bill-code': {
    role: ACTION_ROLES['account.bill-code'],
    run: async ({ session, form }) => {
      const accountId = id(form, 'accountId');
      const pepper = getBillCodePepper();
      if (text(form, 'deliver', 8) === 'SMS') {
        const sent = await reissueBillAccessCode(prisma(), session, {
          accountId,
          pepper,
          deliver: 'SMS',
          enqueueSms: (tx, job) => enqueueInTransaction(tx, JOBS.billCodeSms, job),
        });
        return {
          to: `/staff/accounts/${accountId}`,
          notice: `bill-code-sms:${sent.deliver === 'SMS' ? sent.maskedPhone : ''}`,
        };
      }
      const issued = await reissueBillAccessCode(prisma(), session, {
        accountId,
        pepper,
        deliver: 'SHOW',
      });
      if (issued.deliver !== 'SHOW') throw new Error('a SHOW reissue returns the code');
      return {
        to: `/staff/accounts/${accountId}`,
        notice: 'bill-code',
        html: billCodeSlip(formatAccountNumber(issued.accountNumber), issued.code, accountId),
      };
    },
  },
  'payment.attach': {
    role: ACTION_ROLES['payment.attach'],
    run: async ({ session, form }) => {
      await attachUnmatchedPayment(prisma(), session, {
        webhookEventId: id(form, 'eventId'),
        accountNumber: text(form, 'accountNumber', 32),
        note: text(form, 'note', 2000),
        rules: getBillingRules(),
        scheme: getAccountNumberScheme(),
        enqueuePaymentConfirmation: (tx, job) =>
          enqueueInTransaction(tx, JOBS.paymentConfirmation, job),
      });
      return { to: '/staff/payments', notice: 'attached' };
    },
  },
  'payment.refund': {
    role: ACTION_ROLES['payment.refund'],
    run: async ({ session, form }) => {
      await markUnmatchedForRefund(prisma(), session, {
        webhookEventId: id(form, 'eventId'),
        note: text(form, 'note', 2000),
      });
      return { to: '/staff/payments', notice: 'refund' };
    },
  },
  'dialer.key.create': {
    role: ACTION_ROLES['dialer.key.create'],
    run: async ({ session, form }) => {
      const created = await createDialerApiKey(prisma(), session, {
        name: text(form, 'name', 200),
      });
      return {
        to: '/staff/admin/dialer',
        notice: 'dialer-key-created',
        html: dialerSecretPage({
          title: 'Новий API-ключ системи обдзвону',
          lines: [`Назва: ${created.name}`, `Префікс: ${created.prefix}`],
          label: 'API-ключ',
          secret: created.key,
          advice: [
            'Система обдзвону надсилає його в заголовку Authorization: Bearer <ключ>.',
            'Ключ діє одразу; відкликаний ключ перестає діяти з наступного запиту.',
          ],
          notice: 'dialer-key-created',
        }),
      };
    },
  },
  'dialer.key.revoke': {
    role: ACTION_ROLES['dialer.key.revoke'],
    run: async ({ session, form }) => {
      await revokeDialerApiKey(prisma(), session, { keyId: id(form, 'keyId') });
      return { to: '/staff/admin/dialer', notice: 'dialer-key-revoked' };
    },
  },
  'dialer.push.register': {
    role: ACTION_ROLES['dialer.push.register'],
    run: async ({ session, form }) => {
      const registered = await registerDialerPushEndpoint(prisma(), session, {
        url: text(form, 'url', 2100),
        sealKey: getStaffTotpKey(),
        allowLoopbackHttp: allowsLoopbackDialerPush(),
      });
      return {
        to: '/staff/admin/dialer',
        notice: 'dialer-push-registered',
        html: dialerSecretPage({
          title: 'Секрет підпису push-сповіщень',
          lines: [`Адреса: ${registered.url}`],
          label: 'Секрет підпису',
          secret: registered.secret,
          advice: [
            'Система обдзвону перевіряє ним заголовок Kvartplata-Signature кожного запиту (docs/dialer-push.md).',
            'Надсилаються зміни списку дзвінків, зроблені після реєстрації, протягом хвилини.',
          ],
          notice: 'dialer-push-registered',
        }),
      };
    },
  },
  'dialer.push.rotate': {
    role: ACTION_ROLES['dialer.push.rotate'],
    run: async ({ session, form }) => {
      const rotated = await rotateDialerPushSecret(prisma(), session, {
        endpointId: id(form, 'endpointId'),
        sealKey: getStaffTotpKey(),
      });
      return {
        to: '/staff/admin/dialer',
        notice: 'dialer-push-rotated',
        html: dialerSecretPage({
          title: 'Новий секрет підпису push-сповіщень',
          lines: [`Адреса: ${rotated.url}`],
          label: 'Новий секрет підпису',
          secret: rotated.secret,
          advice: [
            `До ${kyivDateTime(rotated.previousValidUntil)} запити підписано обома секретами (два v1 у заголовку): замініть секрет у системі обдзвону до цього часу.`,
          ],
          notice: 'dialer-push-rotated',
        }),
      };
    },
  },
  'dialer.push.disable': {
    role: ACTION_ROLES['dialer.push.disable'],
    run: async ({ session, form }) => {
      await setDialerPushEnabled(prisma(), session, {
        endpointId: id(form, 'endpointId'),
        enabled: false,
      });
      return { to: '/staff/admin/dialer', notice: 'dialer-push-disabled' };
    },
  },
  'dialer.push.enable': {
    role: ACTION_ROLES['dialer.push.enable'],
    run: async ({ session, form }) => {
      await setDialerPushEnabled(prisma(), session, {
        endpointId: id(form, 'endpointId'),
        enabled: true,
      });
      return { to: '/staff/admin/dialer', notice: 'dialer-push-enabled' };
    },
  },
  'dialer.push.retry': {
    role: ACTION_ROLES['dialer.push.retry'],
    run: async ({ session, form }) => {
      await retryDialerPushNow(prisma(), session, { endpointId: id(form, 'endpointId') });
      return { to: '/staff/admin/dialer', notice: 'dialer-push-retry' };
    },
  },
  'dialer.push.delete': {
    role: ACTION_ROLES['dialer.push.delete'],
    run: async ({ session, form }) => {
      await deleteDialerPushEndpoint(prisma(), session, { endpointId: id(form, 'endpointId') });
      return { to: '/staff/admin/dialer', notice: 'dialer-push-deleted' };
    },
  },
  'totp.enrol.start': {
    role: ACTION_ROLES['totp.enrol.start'],
    run: async ({ session }) => {
      const { ticket } = await startTotpEnrolment(prisma(), session, {
        totpKey: getStaffTotpKey(),
      });
      return {
        to: '/staff/security?enrol=1',
        notice: 'enrol-started',
        cookies: [staffTicketCookie(ticket)],
      };
    },
  },
  'totp.enrol.confirm': {
    role: ACTION_ROLES['totp.enrol.confirm'],
    run: async ({ session, form, ticket }) => {
      await confirmTotpEnrolment(prisma(), session, {
        ticket: ticket ?? '',
        code: text(form, 'code', 16),
        totpKey: getStaffTotpKey(),
      });
      return {
        to: '/staff/security',
        notice: 'enrolled',
        cookies: [clearedCookie(staffTicketCookieName())],
      };
    },
  },
};
