// The early engine worker (src/engine/prestart.ts, issue 14: time to first step) as its own small entry
// of the build, loaded by index.html ahead of the app's bundle. Vite merges every module script of an
// HTML page into one entry, which would run the prestart only after the whole app bundle (2.4 MB) has
// loaded; as a separate `async` script it runs as soon as its few hundred bytes arrive, and the engine
// worker loads its module on the other core while the app's bundle loads. Build only: the dev server
// starts the worker from the app, as before.
const ENTRY = 'src/engine/prestart.ts';

export function prestartEntryPlugin() {
  let base = '/';
  return {
    name: 'latent-lab-prestart-entry',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    options(opts) {
      const input = opts.input;
      const inputs = typeof input === 'string' ? { index: input } : Array.isArray(input) ? {} : { ...input };
      if (Array.isArray(input)) input.forEach((v, i) => (inputs[`entry${i}`] = v));
      if (Object.keys(inputs).length === 0) inputs.index = 'index.html';
      return { ...opts, input: { ...inputs, prestart: ENTRY } };
    },
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.isEntry && c.facadeModuleId?.endsWith(ENTRY),
        );
        if (!chunk) return html;
        return [
          {
            tag: 'script',
            attrs: { type: 'module', async: true, crossorigin: true, src: `${base}${chunk.fileName}` },
            injectTo: 'head',
          },
        ];
      },
    },
  };
}
