// The trivial baseline app runs no proxy: this one matches no path. (Without this file the build
// picks up the portal's proxy.ts from the repository root, as with instrumentation.js.)
export function proxy() {}

export const config = { matcher: '/__no-such-path__' };
