// Lit's property metadata (standard decorators), kept inside the bundle rather
// than on `globalThis` (see lit-globals.ts).
export const litPropertyMetadata = new WeakMap();
