// NestJS 12 is ESM-only: on Node 20 Jest cannot `require` it ("Must use import to load ES
// Module"; Jest does that natively only from Node 24.9), so it runs in ESM mode
// (NODE_OPTIONS=--experimental-vm-modules, set by the npm scripts) with ts-jest's ESM preset.
const tsJest = [
  'ts-jest',
  {
    useESM: true,
    tsconfig: {
      module: 'ESNext',
      moduleResolution: 'bundler',
      target: 'ES2023',
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
      esModuleInterop: true,
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      isolatedModules: true,
    },
  },
];

const common = {
  preset: 'ts-jest/presets/default-esm',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': tsJest },
  moduleNameMapper: {
    // Worker threads run outside Jest: this launcher's workers load the TypeScript sources.
    '^(?:.*/)?pattern-worker-launcher(?:\\.js)?$': '<rootDir>/test/support/pattern-worker-launcher.cjs',
    // Generated Prisma client imports './x.js' for files that exist as './x.ts'.
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^content-disposition$': '<rootDir>/test/support/native-require.cjs',
  },
  testEnvironment: 'node',
};

export default {
  projects: [
    { ...common, displayName: 'unit', roots: ['<rootDir>/src'], testMatch: ['**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    // Headless Chromium against the real app and database (part of `npm test`).
    {
      ...common,
      displayName: 'browser',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/test/support/browser-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    // The README's screenshots of the console (`npm run screenshots`); not part of `npm test`.
    {
      ...common,
      displayName: 'screenshots',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.screenshots.ts'],
      globalSetup: '<rootDir>/test/support/browser-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    // Long crash/outage runs against app processes (`npm run test:chaos`); not part of `npm test`.
    { ...common, displayName: 'chaos', roots: ['<rootDir>/test/chaos'], testMatch: ['**/*.chaos-spec.ts'] },
    // Minutes-long measurements at 5 M rows (`npm run bench:detection`); not part of `npm test`.
    {
      ...common,
      displayName: 'bench',
      roots: ['<rootDir>/bench'],
      testMatch: ['**/*.bench-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60_000,
};
