import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // PGlite ships a WASM build and node-postgres optional natives: load them from node_modules at run time.
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'ssh2'],
  poweredByHeader: false,
};

export default nextConfig;
