// `@zoo/backend-blas/torch-reference`: run a tools/bench PyTorch script (see src/bench/torch-reference.ts).
module.exports = require('./dist/bench/torch-reference.js');
