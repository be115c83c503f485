// Silence tfjs's "install tfjs-node" banner in tests that use tensors before resolving a backend.
require('reflect-metadata');
require('@tensorflow/tfjs').enableProdMode();
