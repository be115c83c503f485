// `@zoo/backend-blas/loops`: typed-array conv and segment loops without registering the backend (see src/loops.ts).
module.exports = require('./dist/loops.js');
