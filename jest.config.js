// Jest on Node 20 cannot load Nest 12's ESM-only packages through ts-jest, so @swc/jest compiles
// both our TypeScript and those packages to CommonJS (see ../shared/STACK.md).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.(t|j|cj|mj)s$': swc },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|oidc-provider|jose|file-type|@tokenizer|token-types|strtok3|uint8array-extras|@fastify|content-disposition)/)'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  testEnvironment: 'node',
  // Booting the app takes a few seconds, far more on a loaded 2-core machine; hooks need room.
  testTimeout: 60_000,
};
module.exports = {
  ...common,
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'] },
  ],
};
