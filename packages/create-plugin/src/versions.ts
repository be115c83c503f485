/**
 * The `@zoo/core` and `@zoo/vision` versions a scaffolded plugin depends on (`^` ranges as peers).
 * `versions.test.ts` fails when packages/core or packages/vision is released without updating these.
 */
export const CORE_VERSION = '0.1.0';
export const VISION_VERSION = '0.1.0';
