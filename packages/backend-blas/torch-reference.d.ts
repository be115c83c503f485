export * from './dist/bench/torch-reference';
