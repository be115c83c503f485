// `@zoo/backend-blas/sparse`: CSR × dense without registering the backend (see src/sparse.ts).
module.exports = require('./dist/sparse.js');
