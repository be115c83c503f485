// Test fixture: loaded through ZOO_PLUGINS by the CLI tests.
export { toyPlugin as default } from '@zoo/core/testing';
