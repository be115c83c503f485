export * from './dist/testing/file-mutations';
