// `@zoo/backend-blas/native`: the package's optional C kernels (src/native.ts) and channel passes, without registering the backend.
module.exports = require('./dist/native-entry.js');
