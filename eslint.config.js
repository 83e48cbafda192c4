import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/** Modules that core may not import: core is framework-free and runs in Node. */
const notInCore = {
  patterns: [
    { group: ['svelte', 'svelte/*'], message: 'core is framework-free: no Svelte.' },
    { group: ['$app/*', '@sveltejs/*'], message: 'core is framework-free: no SvelteKit.' },
    {
      group: ['$lib/runtimes/*', '**/runtimes/*'],
      message: 'core declares interfaces; runtimes implement them.'
    },
    {
      group: ['$lib/state/*', '$lib/components/*', '**/state/*', '**/components/*'],
      message: 'dependencies point to core, not from it.'
    },
    { group: ['node:*'], message: 'core runs in the browser too: no Node built-ins outside tests.' }
  ]
};

/** Layers of core above `layer`, which `layer` may not import. */
const ABOVE = {
  problems: ['run', 'prompts', 'techniques', 'views', 'lessons', 'share', 'playground', 'bench'],
  run: ['prompts', 'techniques', 'views', 'lessons', 'share', 'playground', 'bench'],
  prompts: ['techniques', 'views', 'lessons', 'share', 'playground', 'bench'],
  techniques: ['views', 'lessons', 'share', 'playground', 'bench'],
  views: ['lessons', 'share', 'playground', 'bench']
};

/** An import of core's folder `name`, by `$lib` path or relative path. */
function layerPattern(name) {
  return {
    regex: `(^\\$lib/core/|^(\\.\\.?/)*(\\.\\./|core/))${name}(/|$)`,
    message: `inside core, dependencies point one way (run → techniques → views): this layer may not import ${name}/.`
  };
}

const coreLayers = [
  { files: ['src/lib/core/**/*.ts'], forbidden: [] },
  ...Object.entries(ABOVE).map(([layer, forbidden]) => ({
    files: [`src/lib/core/${layer}/**/*.ts`],
    forbidden
  }))
];

export default ts.config(
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ]
    }
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        extraFileExtensions: ['.svelte'],
        parser: ts.parser,
        svelteConfig
      }
    },
    rules: {
      // Links here are plain paths of this app; no base path is configured.
      'svelte/no-navigation-without-resolve': 'off'
    }
  },
  // Inside core, dependencies point one way: problems → run (the kernel and its log format) →
  // prompts → techniques → views → lessons, share, playground. Each layer gets the framework
  // rules above plus the layers it may not import (a later block replaces the rule, so every
  // block carries the whole list).
  ...coreLayers.map(({ files, forbidden }) => ({
    files,
    ignores: ['src/lib/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [...notInCore.patterns, ...forbidden.map(layerPattern)] }
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'indexedDB',
          'Worker',
          'self',
          'location'
        ].map((name) => ({
          name,
          message: 'core has no DOM or workers: take what you need as a parameter.'
        }))
      ]
    }
  })),
  {
    ignores: [
      'build/',
      '.svelte-kit/',
      'node_modules/',
      'static/pyodide/',
      'test-results/',
      'playwright-report/'
    ]
  }
);
