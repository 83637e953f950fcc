import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TEST_SERVER_URL,
  databaseUrlFor,
  freshDatabaseName,
  keepTestDatabase,
  testServerUrl,
} from './database';

describe('test database naming', () => {
  it('names fresh databases kvartplata_test_<timestamp>_<random>', () => {
    const name = freshDatabaseName(new Date('2026-11-27T08:40:05.123Z'));
    expect(name).toMatch(/^kvartplata_test_20261127084005_[0-9a-f]{8}$/);
    expect(freshDatabaseName()).not.toBe(freshDatabaseName());
  });

  it('points a server URL at another database, keeping credentials and options', () => {
    expect(databaseUrlFor('postgresql://u:p%40ss@db:6543/postgres?sslmode=require', 'x_1')).toBe(
      'postgresql://u:p%40ss@db:6543/x_1?sslmode=require',
    );
  });

  it('reads TEST_DATABASE_URL and KEEP_TEST_DB', () => {
    expect(testServerUrl({})).toBe(DEFAULT_TEST_SERVER_URL);
    expect(testServerUrl({ TEST_DATABASE_URL: 'postgresql://h/db' })).toBe('postgresql://h/db');
    expect(keepTestDatabase({})).toBe(false);
    expect(keepTestDatabase({ KEEP_TEST_DB: '1' })).toBe(true);
  });
});
