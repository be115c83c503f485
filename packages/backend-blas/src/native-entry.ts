/**
 * `@zoo/backend-blas/native`, kept only for `zoo doctor` in packages/cli/src/main.ts (nativeStatus)
 * until the CLI reads `backendDetails()` through core's resolver; then this entry (native.js/.d.ts,
 * the package.json "files" lines and the jest mapping) goes. Everything else it exported is internal
 * now or in @zoo/ops.
 */
export { nativeStatus, NATIVE_BUILD_HINT } from './native';
