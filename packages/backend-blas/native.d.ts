export * from './dist/native-entry';
