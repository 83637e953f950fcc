import { getBillingRules } from '../lib/server/env';

/**
 * The documented default billing rules, read from the one place defaults live (the
 * environment schema) with no variable set: tests pass them explicitly, like entry points do.
 */
export const DEFAULT_RULES = getBillingRules({});
