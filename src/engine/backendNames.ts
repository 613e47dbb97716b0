// Backend names and pure helpers, with no tfjs import, so the page's main bundle stays small.
export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export function isBackendName(s: unknown): s is BackendName {
  return typeof s === 'string' && (BACKENDS as readonly string[]).includes(s);
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render|microsoft basic/i;
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  reason: string;
}

export interface BackendChoice {
  name: BackendName;
  /** Why this one, in words for the UI. */
  reason: string;
  attempts: BackendAttempt[];
  /** Set when a requested backend could not be used. */
  notice?: string;
  /** Which fast kernels run on it (or why none do), in words. */
  kernels?: string;
}
