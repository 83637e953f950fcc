import { describe, expect, it } from 'vitest';
import { explainDatabaseError } from './database';

const url = 'postgresql://postgres:secret@127.0.0.1:5432/kv';

describe('explainDatabaseError', () => {
  it('keeps describeDatabaseError’s explanation when it has one', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), {
      code: 'ECONNREFUSED',
    });
    expect(explainDatabaseError(refused, url)).toBe(
      'cannot reach PostgreSQL at postgresql://127.0.0.1:5432/kv: connection refused (is the server running?)',
    );
  });

  it('never ends in an empty reason', () => {
    expect(explainDatabaseError(new Error('\nsecond line'), url)).toMatch(/: second line$/);
    expect(explainDatabaseError(Object.assign(new Error(''), { code: '57014' }), url)).toMatch(
      /SQLSTATE 57014$/,
    );
    expect(explainDatabaseError(new TypeError(''), url)).toMatch(/TypeError$/);
  });
});
