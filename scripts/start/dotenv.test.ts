import { describe, expect, it } from 'vitest';
import { applyDotEnv } from './dotenv';

describe('applyDotEnv', () => {
  it('fills only variables the environment lacks; the real environment wins, even when empty', () => {
    const env: Record<string, string | undefined> = { PORT: '4000', DATABASE_URL: '' };
    const loaded = applyDotEnv(
      [
        '# comment',
        'PORT=3000',
        'DATABASE_URL=postgresql://from-file/db',
        'DATA_DIR=./var/data',
        'BILL_CODE_PEPPER="quoted value"',
      ].join('\n'),
      env,
    );
    expect(loaded.sort()).toEqual(['BILL_CODE_PEPPER', 'DATA_DIR']);
    expect(env).toEqual({
      PORT: '4000',
      DATABASE_URL: '',
      DATA_DIR: './var/data',
      BILL_CODE_PEPPER: 'quoted value',
    });
  });
});
