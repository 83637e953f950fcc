import { describe, expect, it } from 'vitest';
import {
  paymentReferenceOf,
  readReviewDetail,
  reviewDetailOf,
} from './unmatched-payment-reference';

const event = (type: string, object: unknown) => ({
  id: 'evt_1',
  type,
  created: 0,
  data: { object },
});

describe('paymentReferenceOf', () => {
  it.each([
    [
      'a paid checkout session, payment_intent expanded, the payer details left out',
      event('checkout.session.completed', {
        id: 'cs_1',
        object: 'checkout.session',
        payment_status: 'paid',
        amount_total: 123_456,
        currency: 'UAH',
        payment_intent: { id: 'pi_1', object: 'payment_intent' },
        metadata: { accountNumber: '1000000016' },
        customer_details: { email: 'payer@example.com' },
      }),
      {
        object: 'checkout.session',
        objectId: 'cs_1',
        providerPaymentId: 'pi_1',
        checkoutSessionId: 'cs_1',
        amountMinor: 123_456,
        currency: 'uah',
        accountReference: '1000000016',
        paymentStatus: 'paid',
      },
    ],
    [
      'a session without payment_intent books under its own id',
      event('checkout.session.async_payment_succeeded', { id: 'cs_2', amount_total: 5 }),
      {
        object: null,
        objectId: 'cs_2',
        providerPaymentId: 'cs_2',
        checkoutSessionId: 'cs_2',
        amountMinor: 5,
        currency: null,
        accountReference: null,
        paymentStatus: null,
      },
    ],
    [
      'a malformed session keeps what it carries (amount as text is no amount)',
      event('checkout.session.completed', {
        id: 'cs_3',
        amount_total: '100',
        currency: 7,
        metadata: 'x',
        payment_intent: 'pi_3',
      }),
      {
        object: null,
        objectId: 'cs_3',
        providerPaymentId: 'pi_3',
        checkoutSessionId: 'cs_3',
        amountMinor: null,
        currency: null,
        accountReference: null,
        paymentStatus: null,
      },
    ],
    [
      'a dispute: the payment by payment_intent, else by charge',
      event('charge.dispute.created', {
        id: 'dp_1',
        object: 'dispute',
        amount: 700,
        currency: 'uah',
        charge: 'ch_1',
      }),
      {
        object: 'dispute',
        objectId: 'dp_1',
        providerPaymentId: 'ch_1',
        checkoutSessionId: null,
        amountMinor: 700,
        currency: 'uah',
        accountReference: null,
        paymentStatus: null,
      },
    ],
  ])('%s', (_name, input, expected) => {
    expect(paymentReferenceOf(input)).toEqual(expected);
  });

  it('no object, no reference; the detail is then the reason alone', () => {
    expect(paymentReferenceOf(event('x', null))).toBeNull();
    expect(reviewDetailOf(event('x', 'text'), 'why')).toEqual({ message: 'why' });
  });
});

describe('readReviewDetail', () => {
  it('reads back what was stored, and a legacy detail as the reason only', () => {
    const stored = reviewDetailOf(
      event('checkout.session.completed', { id: 'cs_1', amount_total: 1, currency: 'usd' }),
      'currency usd, expected uah',
    );
    expect(readReviewDetail(JSON.parse(JSON.stringify(stored)))).toEqual({
      message: 'currency usd, expected uah',
      payment: stored.payment,
    });
    expect(readReviewDetail({ message: 'unknown account 1' })).toEqual({
      message: 'unknown account 1',
      payment: null,
    });
    expect(readReviewDetail(null)).toEqual({ message: null, payment: null });
  });
});
