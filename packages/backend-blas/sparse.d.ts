export * from './dist/sparse';
