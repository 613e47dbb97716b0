// The WASM backend's threads load the Emscripten factory into each pthread worker as a Blob built from
// `factory.toString()`. After bundling and minifying, that function refers to bundler helpers outside
// it, so every pthread worker dies with "ReferenceError: e is not defined". We hand the workers the
// original, untransformed factory source instead (imported as raw text), by swapping that one Blob's
// contents. Everything else about Blob is unchanged.
import threadedFactorySource from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?raw';

const MARKER = 'var WasmBackendModuleThreadedSimd = ';
let installed = false;

export function installWasmThreadsFix(): void {
  if (installed || typeof Blob === 'undefined') return;
  installed = true;
  const NativeBlob = Blob;
  class PatchedBlob extends NativeBlob {
    constructor(parts?: BlobPart[], options?: BlobPropertyBag) {
      const first = parts?.[0];
      if (parts?.length === 1 && typeof first === 'string' && first.startsWith(MARKER)) {
        parts = [threadedFactorySource];
      }
      super(parts, options);
    }
  }
  (globalThis as { Blob: typeof Blob }).Blob = PatchedBlob;
}
