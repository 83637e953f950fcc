// The trivial baseline app has no start-up work. (Without this file the build picks up the
// portal's instrumentation.ts from the repository root, which checks the portal's settings.)
export function register() {}
