/**
 * `npm run worker`: the job worker on its own (npm start runs one beside the app).
 *   npm run worker               handle jobs until Ctrl-C
 *   npm run worker -- --run-now  one reminder run now, print what it did, and exit
 * Uses DATABASE_URL and the SMS settings of .env.example.
 */
import { parseArgs } from 'node:util';
import { describeDatabaseError } from '../lib/server/db-errors';
import { startWorker } from './worker/start-worker';

const { values } = parseArgs({ options: { 'run-now': { type: 'boolean', default: false } } });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('worker: DATABASE_URL is not set');
  process.exit(1);
}
const log = (line: string) => console.log(`[worker] ${line}`);

try {
  const worker = await startWorker({ databaseUrl, log, schedule: !values['run-now'] });
  if (values['run-now']) {
    const run = await worker.runRemindersNow();
    console.log(JSON.stringify(run));
    await worker.stop();
  } else {
    const stop = () => {
      log('stopping');
      void worker.stop().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
} catch (error) {
  console.error(`worker: ${describeDatabaseError(error, databaseUrl)}`);
  process.exit(1);
}
