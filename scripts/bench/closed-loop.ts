/**
 * A closed-loop load generator for calls made in this process (a domain function, or a fetch):
 * `concurrency` workers each start the next call as soon as the previous one finished, for
 * `seconds`. Like runLoad (http-load.ts), but for any async work, with p95 and a hit count.
 */
import { percentile } from './http-load';

export type ClosedLoopResult = {
  label: string;
  concurrency: number;
  calls: number;
  errors: number;
  /** Calls whose work answered true (e.g. the search found the account it was given). */
  hits: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** The first error's message, if any. */
  firstError: string | null;
};

export async function runClosedLoop(options: {
  label: string;
  concurrency: number;
  seconds: number;
  work: (worker: number, n: number) => Promise<boolean>;
}): Promise<ClosedLoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let hits = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const t0 = performance.now();
        try {
          if (await options.work(worker, n)) hits++;
        } catch (error) {
          errors++;
          firstError ??=
            error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
        }
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    label: options.label,
    concurrency: options.concurrency,
    calls: latencies.length,
    errors,
    hits,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
    firstError,
  };
}

/** One row of the Markdown table the staff-search benchmark prints. */
export function formatClosedLoopRow(result: ClosedLoopResult): string {
  const ms = (value: number) => value.toFixed(1);
  const found = result.calls > 0 ? `${((100 * result.hits) / result.calls).toFixed(0)} %` : '–';
  return `| ${[
    result.label.padEnd(34),
    String(result.concurrency).padStart(2),
    ms(result.p50).padStart(6),
    ms(result.p95).padStart(6),
    ms(result.p99).padStart(6),
    result.perSecond.toFixed(0).padStart(5),
    found.padStart(5),
    `${result.calls} calls, ${result.errors} errors${result.firstError ? ` (${result.firstError})` : ''}`,
  ].join(' | ')} |`;
}

export const CLOSED_LOOP_TABLE_HEADER = [
  '| what                               |  c | p50 ms | p95 ms | p99 ms |   q/s | found | calls |',
  '| ---------------------------------- | -: | -----: | -----: | -----: | ----: | ----: | ----- |',
].join('\n');
