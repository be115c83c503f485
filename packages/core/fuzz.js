// `@zoo/core/fuzz`: property-based reader fuzzing helpers (needs fast-check and jest globals; test-time only).
module.exports = require('./dist/testing/file-mutations.js');
