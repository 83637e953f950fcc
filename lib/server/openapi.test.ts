import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { OPENAPI_DOCUMENT } from './openapi';

describe('the OpenAPI document', () => {
  it('describes only routes that exist', () => {
    for (const route of Object.keys(OPENAPI_DOCUMENT.paths)) {
      const file = path.join(process.cwd(), 'app', route.replace(/\{(\w+)\}/g, '[$1]'), 'route.ts');
      expect(existsSync(file), file).toBe(true);
    }
  });

  it('secures the dialer endpoints with the bearer key', () => {
    expect(OPENAPI_DOCUMENT.paths['/api/v1/call-list'].get.security).toEqual([{ dialerKey: [] }]);
    expect(OPENAPI_DOCUMENT.paths['/api/v1/call-list/changes'].get.security).toEqual([
      { dialerKey: [] },
    ]);
  });
});
