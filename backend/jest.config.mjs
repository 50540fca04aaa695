// NestJS 12 is ESM-only: on Node 20 Jest must run in ESM mode
// (NODE_OPTIONS=--experimental-vm-modules, see ../shared/TOOLCHAIN.md).
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
    // Long crash/outage runs against app processes (`npm run test:chaos`); not part of `npm test`.
    { ...common, displayName: 'chaos', roots: ['<rootDir>/test/chaos'], testMatch: ['**/*.chaos-spec.ts'] },
    // Minutes-long measurements at 5 M rows (`npm run bench:detection`); not part of `npm test`.
    {
      ...common,
      displayName: 'bench',
      roots: ['<rootDir>/test/bench'],
      testMatch: ['**/*.bench-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
  maxWorkers: 2,
  testTimeout: 60_000,
};
