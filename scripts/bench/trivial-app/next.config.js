// @ts-check
/** The benchmarks' trivial baseline app (scripts/bench/trivial-server.ts): nothing configured. */
/** @type {import('next').NextConfig} */
const nextConfig = { poweredByHeader: false };

export default nextConfig;
