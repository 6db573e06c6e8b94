import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const eslintConfig = [
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'drizzle/**', 'e2e/artifacts/**', 'next-env.d.ts', '.testbed/**'] },
  ...nextCoreWebVitals,
  ...nextTypescript,
];

export default eslintConfig;
