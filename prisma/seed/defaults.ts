/** The demo database `npm start` seeds: this many accounts (the fixtures among them), this seed. */
export const DEFAULT_ACCOUNTS = 2000;
export const DEFAULT_SEED = 20261127;
