import { createLogTransport } from '../../lib/server/sms/transport';
import { startWorker, type Worker } from './start-worker';

/**
 * A worker for integration tests: no schedule (tests enqueue what they need), fast polling, a
 * small pool, nothing logged, SMS to a silent log transport unless a test passes its own.
 */
export function startTestWorker(
  databaseUrl: string,
  overrides: Partial<Parameters<typeof startWorker>[0]> = {},
): Promise<Worker> {
  return startWorker({
    databaseUrl,
    log: () => {},
    schedule: false,
    pollingIntervalSeconds: 0.5,
    poolSize: 2,
    transport: createLogTransport(() => {}),
    ...overrides,
  });
}
