import { z } from 'zod';

/**
 * The parts of Stripe's event objects we act on, narrowed with zod instead of trusted casts.
 * Anything else in a payload is ignored.
 */
export const ZStripeEventSchema = z.object({
  id: z.string().min(1),
  type: z.string().min(1),
  created: z.number().int(),
  data: z.object({ object: z.unknown() }),
});
export type TStripeEvent = z.infer<typeof ZStripeEventSchema>;

const metadata = z.record(z.string(), z.string()).nullish();
const idOrObject = z
  .union([z.string(), z.object({ id: z.string() })])
  .nullish()
  .transform((value) => (typeof value === 'string' ? value : (value?.id ?? null)));

export const ZCheckoutSessionSchema = z.object({
  id: z.string(),
  payment_status: z.enum(['paid', 'unpaid', 'no_payment_required']),
  amount_total: z.number().int().nullable(),
  currency: z.string().nullable(),
  payment_intent: idOrObject,
  metadata,
});
export type TCheckoutSession = z.infer<typeof ZCheckoutSessionSchema>;

export const ZChargeSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  amount_refunded: z.number().int(),
  currency: z.string(),
  payment_intent: idOrObject,
  metadata,
});
export type TCharge = z.infer<typeof ZChargeSchema>;

export const ZDisputeSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  currency: z.string(),
  charge: idOrObject,
  payment_intent: idOrObject,
  /** won | lost | warning_closed | needs_response | under_review | … */
  status: z.string().optional(),
});
export type TDispute = z.infer<typeof ZDisputeSchema>;
