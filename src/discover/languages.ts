import type { Language } from '../types.js';

/** The extension -> language table. Discovery scans exactly these. */
export const LANGUAGE_BY_EXTENSION: Readonly<Record<string, Language>> = {
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.jsx': 'jsx',
  '.ts': 'ts',
  '.mts': 'ts',
  '.cts': 'ts',
  '.tsx': 'tsx',
  '.html': 'html',
  '.htm': 'html',
  '.vue': 'vue',
  '.svelte': 'svelte',
};

export const SOURCE_EXTENSIONS: readonly string[] = Object.keys(LANGUAGE_BY_EXTENSION).map((e) => e.slice(1));

/** Skipped unless the user overrides `defaultExcludes`: dependencies, build output, test-only code. */
export const DEFAULT_EXCLUDES: readonly string[] = [
  '**/node_modules/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/.next/**',
  '**/coverage/**',
  '**/.git/**',
  '**/*.test.*',
  '**/*.spec.*',
  '**/__tests__/**',
  '**/__mocks__/**',
  '**/*.stories.*',
  '**/test/**',
  '**/tests/**',
  '**/e2e/**',
  '**/cypress/**',
];
