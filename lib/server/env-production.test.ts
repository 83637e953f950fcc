import { describe, expect, it } from 'vitest';
import { productionConfigurationProblems, ZEnvSchemaForTests } from './env';

const base = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgresql://app@db/kvartplata',
  APP_URL: 'https://kvartplata.example',
};
const secrets = {
  AUTH_SECRET: 'a'.repeat(40),
  BILL_CODE_PEPPER: 'pepper-of-the-utility',
  STRIPE_WEBHOOK_SECRET: 'whsec_real_secret_value',
  PAY_LINK_SECRET: 'b'.repeat(40),
  STAFF_TOTP_KEY: 'c'.repeat(40),
  STRIPE_SECRET_KEY: 'sk_live_something',
  PAYEE_IBAN: 'UA74 3052 9900 0002 6007 2335 6600 1',
};
const parse = (env: Record<string, string>) => ZEnvSchemaForTests.parse(env);

describe('production refuses published development secrets and the demo provider', () => {
  it('a complete production configuration has no problems', () => {
    expect(productionConfigurationProblems(parse({ ...base, ...secrets }))).toEqual([]);
  });

  it.each([
    ['STRIPE_WEBHOOK_SECRET', { STRIPE_WEBHOOK_SECRET: undefined }],
    ['STRIPE_WEBHOOK_SECRET', { STRIPE_WEBHOOK_SECRET: 'whsec_kvartplata_dev_only_secret' }],
    ['AUTH_SECRET', { AUTH_SECRET: undefined }],
    ['BILL_CODE_PEPPER', { BILL_CODE_PEPPER: 'dev-only-bill-code-pepper' }],
    ['PAY_LINK_SECRET', { PAY_LINK_SECRET: undefined }],
    ['STAFF_TOTP_KEY', { STAFF_TOTP_KEY: undefined }],
    ['STRIPE_SECRET_KEY', { STRIPE_SECRET_KEY: undefined }],
    ['PAYEE_IBAN', { PAYEE_IBAN: undefined }],
  ])('without a real %s → a problem naming it', (name, change) => {
    const env = Object.fromEntries(
      Object.entries({ ...base, ...secrets, ...change }).filter(
        (entry): entry is [string, string] => entry[1] !== undefined,
      ),
    );
    const problems = productionConfigurationProblems(parse(env));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('the demo provider is allowed only when the deployment says it is a demo', () => {
    const { STRIPE_SECRET_KEY: _key, ...noStripe } = secrets;
    expect(
      productionConfigurationProblems(parse({ ...base, ...noStripe, DEMO_PAYMENTS: '1' })),
    ).toEqual([]);
  });

  it('the local demo (APP_URL on localhost) and development keep their defaults', () => {
    expect(
      productionConfigurationProblems(parse({ ...base, APP_URL: 'http://localhost:3000' })),
    ).toEqual([]);
    expect(productionConfigurationProblems(parse({ ...base, NODE_ENV: 'development' }))).toEqual(
      [],
    );
  });
});

describe('the payee', () => {
  it('takes an IBAN with spaces and lower case, and refuses a wrong check digit or a foreign one', () => {
    const withBase = (env: Record<string, string>) => parse({ ...base, ...env });
    expect(withBase({ PAYEE_IBAN: 'ua74 3052 9900 0002 6007 2335 6600 1' }).PAYEE_IBAN).toBe(
      'UA743052990000026007233566001',
    );
    expect(() => withBase({ PAYEE_IBAN: 'UA753052990000026007233566001' })).toThrow(/PAYEE_IBAN/);
    expect(() => withBase({ PAYEE_IBAN: 'DE89370400440532013000' })).toThrow(/PAYEE_IBAN/);
    expect(() => withBase({ PAYEE_EDRPOU: '1234567' })).toThrow(/PAYEE_EDRPOU/);
  });
});
