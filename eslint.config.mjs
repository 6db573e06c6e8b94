import nextCoreWebVitals from 'eslint-config-next/core-web-vitals';
import nextTypescript from 'eslint-config-next/typescript';

const eslintConfig = [
  { ignores: ['.next/**', 'node_modules/**', 'data/**', 'drizzle/**', 'e2e/artifacts/**', 'next-env.d.ts', '.testbed/**'] },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    // A cycle means two modules that cannot be understood (or changed) one without the other: the lint fails on one.
    // Type-only imports are erased at build time and are not counted.
    files: ['lib/**/*.{ts,tsx}', 'app/**/*.{ts,tsx}', 'components/**/*.{ts,tsx}'],
    ignores: ['**/*.test.ts'],
    // Never parse packages: only our own modules can form a cycle (and parsing pglite's bundle overflows the stack).
    settings: { 'import/ignore': ['node_modules'] },
    rules: { 'import/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // The dependency direction: app → components → lib, never back. A hook that needs a server action is handed it
    // by the component (lib/queries/call-action.ts), so lib/ never imports app/ or components/, not even a type.
    files: ['lib/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@/app', '@/app/**', '@/components', '@/components/**'], message: 'lib/ never imports app/ or components/: pass what it needs in (a server action is an argument of the hook).' },
            { regex: '^(\\.\\./)+(app|components)(/|$)', message: 'lib/ never imports app/ or components/.' },
          ],
        },
      ],
    },
  },
];

export default eslintConfig;
