/**
 * Runs once when a server instance starts (Next.js instrumentation hook): a production
 * deployment missing a secret, or taking payments through the demo provider without saying it
 * is a demo, stops here with one line instead of serving (lib/server/env.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { assertProductionConfiguration } = await import('./lib/server/env');
  try {
    assertProductionConfiguration();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
