// `@zoo/core/testing`: the contract suite and test helpers (uses jest globals).
module.exports = require('./dist/testing/index.js');
