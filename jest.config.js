/** Tests run TypeScript sources directly through @swc/jest (legacy decorators + metadata for tsyringe). */
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

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@zoo/ops$': '<rootDir>/packages/ops/src/index.ts',
    '^@zoo/ops/testing$': '<rootDir>/packages/ops/src/testing/index.ts',
    '^@zoo/core$': '<rootDir>/packages/core/src/index.ts',
    '^@zoo/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
    '^@zoo/core/fuzz$': '<rootDir>/packages/core/src/testing/file-mutations.ts',
    '^@zoo/vision$': '<rootDir>/packages/vision/src/index.ts',
    '^@zoo/plugin-gnn$': '<rootDir>/packages/plugin-gnn/src/index.ts',
    '^@zoo/plugin-snn$': '<rootDir>/packages/plugin-snn/src/index.ts',
    '^@zoo/plugin-kg$': '<rootDir>/packages/plugin-kg/src/index.ts',
    '^@zoo/plugin-debias$': '<rootDir>/packages/plugin-debias/src/index.ts',
    '^@zoo/create-plugin$': '<rootDir>/packages/create-plugin/src/index.ts',
    '^@zoo/tools$': '<rootDir>/tools/src/index.ts',
    '^@zoo/bench$': '<rootDir>/tools/bench/src/index.ts',
    '^@zoo/backend-blas$': '<rootDir>/packages/backend-blas/src/index.ts',
  },
  testMatch: ['<rootDir>/packages/*/src/**/*.test.ts', '<rootDir>/tools/src/**/*.test.ts', '<rootDir>/tools/bench/src/**/*.test.ts'],
  setupFiles: ['<rootDir>/jest.setup.js'],
  // Jest runs every module in a vm context, where each read of a global (Math.max in tfjs cpu's Relu, isNaN in
  // its Step, ...) goes through V8's slow interceptor path (nodejs/node#31658): tfjs's cpu kernels ran 10–17×
  // slower under jest than in node. Injected as module-wrapper parameters, these are plain locals.
  sandboxInjectedGlobals: ['Math', 'isNaN', 'isFinite', 'Infinity', 'Number', 'Array', 'Object', 'Float32Array', 'Float64Array', 'Int32Array', 'Uint8Array'],
  testTimeout: 120000,
};
