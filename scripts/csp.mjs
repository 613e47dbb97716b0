// The app's Content-Security-Policy, one copy for every place that sets it: the <meta> the build puts
// into dist/index.html (vite.config.ts), and the header of scripts/serve.mjs and `vite preview` (a
// header also covers the workers, whose scripts get no <meta>). Why each source is there:
//   script-src 'self'        the bundle and the worker scripts; no inline script, no eval
//   'wasm-unsafe-eval'       compiling WebAssembly (tfjs WASM backend, the lab's fast kernels); no JS eval
//   blob: (script, worker)   tfjs-backend-wasm starts its pthreads as blob: workers that importScripts a
//                            blob: copy of its glue code
//   style-src-attr 'unsafe-inline'  KaTeX's HTML for the lessons' fixed formulas carries style="" attributes
//                            (sizes and offsets); style elements and sheets stay 'self' only
//   img-src blob: data:      saved-run thumbnails (blob:), exported charts (data:/blob:)
//   font-src data:           KaTeX fonts small enough for the build to inline
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval' blob:",
  "worker-src 'self' blob:",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Directives a <meta> cannot carry; only the header sends them. */
export const CSP_HEADER_ONLY = "; frame-ancestors 'none'";
