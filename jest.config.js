/** One jest run for the whole monorepo: `npm test`. */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/../tsconfig.jest.json' }];
const shared = { '^@vigil/shared$': '<rootDir>/../shared/src/index.ts' };

module.exports = {
  // Most suites wait on servers, databases and browsers, not the CPU: three workers keep two cores busy.
  maxWorkers: 3,
  // Real servers, databases and browsers: seconds, not milliseconds.
  testTimeout: 60_000,
  projects: [
    {
      displayName: 'shared',
      rootDir: '<rootDir>/shared',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      testEnvironment: 'node',
    },
    {
      displayName: 'server',
      rootDir: '<rootDir>/server',
      testMatch: ['<rootDir>/src/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: shared,
      testEnvironment: 'node',
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'web',
      rootDir: '<rootDir>/web',
      testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/src/**/*.test.tsx'],
      // web is an ES module package; its tests run as CommonJS like the rest.
      transform: { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
      moduleNameMapper: shared,
      testEnvironment: 'node',
    },
    {
      displayName: 'e2e',
      rootDir: '<rootDir>/test',
      testMatch: ['<rootDir>/**/*.test.ts'],
      transform: { '^.+\\.ts$': tsJest },
      moduleNameMapper: shared,
      testEnvironment: 'node',
      setupFiles: ['reflect-metadata'],
    },
  ],
};
