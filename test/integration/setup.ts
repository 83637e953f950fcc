/**
 * Runs in every integration test file before its tests: points DATABASE_URL (read by
 * lib/server/env.ts) at the run's fresh database made by global-setup.ts.
 */
import { inject } from 'vitest';

process.env.DATABASE_URL = inject('databaseUrl');
