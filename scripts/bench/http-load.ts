/**
 * A small closed-loop HTTP load generator: `concurrency` workers each send the next request as
 * soon as the previous one answered, for `seconds`. Latencies are kept in memory (a run is a
 * few hundred thousand requests at most) and summarised as throughput and percentiles.
 */
export type LoadResult = {
  label: string;
  concurrency: number;
  requests: number;
  errors: number;
  /** How many answers of each unexpected status (0 = network error). */
  errorStatuses: Record<number, number>;
  seconds: number;
  perSecond: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
};

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export async function runLoad(options: {
  label: string;
  concurrency: number;
  seconds: number;
  request: (worker: number, n: number) => Promise<Response>;
  expectStatus?: (status: number) => boolean;
}): Promise<LoadResult> {
  const ok = options.expectStatus ?? ((status) => status >= 200 && status < 300);
  const latencies: number[] = [];
  let errors = 0;
  const errorStatuses: Record<number, number> = {};
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const t0 = performance.now();
        try {
          const response = await options.request(worker, n);
          await response.arrayBuffer();
          if (!ok(response.status)) {
            errors++;
            errorStatuses[response.status] = (errorStatuses[response.status] ?? 0) + 1;
          }
        } catch {
          errors++;
          errorStatuses[0] = (errorStatuses[0] ?? 0) + 1;
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
    requests: latencies.length,
    errors,
    errorStatuses,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p90: percentile(latencies, 90),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}

export function formatLoad(result: LoadResult): string {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return [
    result.label.padEnd(34),
    `c=${String(result.concurrency).padStart(2)}`,
    `${result.perSecond.toFixed(0).padStart(6)} req/s`,
    `p50 ${ms(result.p50).padStart(9)}`,
    `p90 ${ms(result.p90).padStart(9)}`,
    `p99 ${ms(result.p99).padStart(9)}`,
    `max ${ms(result.max).padStart(9)}`,
    `${result.requests} req, ${result.errors} errors${result.errors ? ` ${JSON.stringify(result.errorStatuses)}` : ''}`,
  ].join('  ');
}
