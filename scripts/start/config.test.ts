import { describe, expect, it } from 'vitest';
import { parseBoolean, parsePort, probeUrl, publicUrl, readStartConfig } from './config';
import { StartupError } from './startup-error';

describe('readStartConfig', () => {
  it('defaults to port 3000 on all interfaces, ./.data, the embedded database, no SEED_DEMO', () => {
    expect(readStartConfig({}, '/repo')).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: '/repo/.data',
      databaseUrl: undefined,
      seedDemo: false,
      databasePoolSize: undefined,
    });
  });

  it('treats empty values as unset (so `DATABASE_URL= npm start` means embedded)', () => {
    const config = readStartConfig({ DATABASE_URL: '', PORT: ' ', DATA_DIR: '' }, '/repo');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('/repo/.data');
  });

  it('resolves DATA_DIR against the project and keeps absolute paths', () => {
    expect(readStartConfig({ DATA_DIR: 'var/db' }, '/repo').dataDir).toBe('/repo/var/db');
    expect(readStartConfig({ DATA_DIR: '/tmp/x' }, '/repo').dataDir).toBe('/tmp/x');
  });

  it.each([
    ['PORT', { PORT: '0' }, /PORT must be a whole number/],
    ['PORT', { PORT: '65536' }, /PORT must be a whole number/],
    ['PORT', { PORT: '3000abc' }, /PORT must be a whole number/],
    ['PORT', { PORT: '30.5' }, /PORT must be a whole number/],
    ['DATABASE_URL', { DATABASE_URL: 'localhost:5432' }, /DATABASE_URL must start with postgresql/],
    ['DATABASE_URL', { DATABASE_URL: 'not a url' }, /DATABASE_URL is not a valid PostgreSQL URL/],
    ['SEED_DEMO', { SEED_DEMO: 'maybe' }, /SEED_DEMO must be 1\/true or 0\/false/],
    ['DATABASE_POOL_SIZE', { DATABASE_POOL_SIZE: '0' }, /DATABASE_POOL_SIZE must be/],
  ])('rejects a bad %s in one line: %o', (_name, env, message) => {
    expect(() => readStartConfig(env, '/repo')).toThrow(StartupError);
    expect(() => readStartConfig(env, '/repo')).toThrow(message);
  });

  it('accepts postgres:// and postgresql:// URLs and pool sizes', () => {
    const config = readStartConfig(
      { DATABASE_URL: 'postgres://u:p@db:5432/k', DATABASE_POOL_SIZE: '20', SEED_DEMO: 'true' },
      '/repo',
    );
    expect(config).toMatchObject({
      databaseUrl: 'postgres://u:p@db:5432/k',
      databasePoolSize: 20,
      seedDemo: true,
    });
  });
});

describe('value parsers', () => {
  it('parses ports and booleans', () => {
    expect(parsePort(undefined)).toBe(3000);
    expect(parsePort('65535')).toBe(65535);
    expect(parseBoolean('X', '1')).toBe(true);
    expect(parseBoolean('X', 'TRUE')).toBe(true);
    expect(parseBoolean('X', '0')).toBe(false);
    expect(parseBoolean('X', undefined)).toBe(false);
  });
});

describe('URLs', () => {
  it.each([
    ['0.0.0.0', 'http://localhost:3000', 'http://127.0.0.1:3000/api/health'],
    ['::', 'http://localhost:3000', 'http://127.0.0.1:3000/api/health'],
    ['192.168.1.5', 'http://192.168.1.5:3000', 'http://192.168.1.5:3000/api/health'],
    ['::1', 'http://[::1]:3000', 'http://[::1]:3000/api/health'],
  ])('host %s is shown as %s and probed at %s', (host, shown, probed) => {
    expect(publicUrl({ host, port: 3000 })).toBe(shown);
    expect(probeUrl({ host, port: 3000 }, '/api/health')).toBe(probed);
  });
});
