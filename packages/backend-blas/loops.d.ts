export * from './dist/loops';
