// `@zoo/ops/testing`: checking an op against its tfjs composition (uses jest globals).
module.exports = require('./dist/testing/index.js');
