// What every zoo user's process has: tfjs-core with all gradients and chained ops (core's vendor bundle,
// not all of @tensorflow/tfjs, so that a gradient core forgot to register fails here too).
// Silence tfjs's "install tfjs-node" banner in tests that use tensors before resolving a backend.
require('reflect-metadata');
require('@tensorflow/tfjs-core').enableProdMode();
require('./packages/core/vendor/tfjs-extras.js');
