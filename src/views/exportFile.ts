/**
 * Exporting what the lab shows, once for every chart, grid and canvas: PNG images and CSV tables.
 * LinesChart, ImageGrid and the GAN canvas all use these (through ExportButtons).
 */

/** Offer `blob` as a download named `name`. */
export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function toBlob(c: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    c.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode a PNG'))), 'image/png'),
  );
}

/** A canvas as PNG, `scale` times larger with crisp pixels (image grids are 28 px per digit). */
export function canvasPng(src: HTMLCanvasElement, scale = 1): Promise<Blob> {
  const c = document.createElement('canvas');
  c.width = src.width * scale;
  c.height = src.height * scale;
  const ctx = c.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(src, 0, 0, c.width, c.height);
  return toBlob(c);
}

/** A PNG's bytes (thumbnails of saved runs), `size` px on its longer side. */
export async function thumbnailPng(src: HTMLCanvasElement, size = 96): Promise<Uint8Array> {
  const k = size / Math.max(src.width, src.height);
  const c = document.createElement('canvas');
  c.width = Math.max(1, Math.round(src.width * k));
  c.height = Math.max(1, Math.round(src.height * k));
  const ctx = c.getContext('2d')!;
  ctx.imageSmoothingEnabled = k < 1;
  ctx.drawImage(src, 0, 0, c.width, c.height);
  return new Uint8Array(await (await toBlob(c)).arrayBuffer());
}

/** An SVG chart as PNG: its drawing on the page's surface colour, at `scale` times its size. */
export async function svgPng(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const { width, height } = svg.getBoundingClientRect();
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height));
  // Text colours come from the page's style sheet, which the image does not see: inline them.
  const live = svg.querySelectorAll('text');
  copy.querySelectorAll('text').forEach((t, i) => {
    const cs = getComputedStyle(live[i]!);
    t.setAttribute('fill', cs.fill);
    t.setAttribute('font-family', cs.fontFamily);
    t.setAttribute('font-size', cs.fontSize);
  });
  const url = URL.createObjectURL(
    new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' }),
  );
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const c = document.createElement('canvas');
    c.width = Math.ceil(width * scale);
    c.height = Math.ceil(height * scale);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = getComputedStyle(svg).getPropertyValue('--surface').trim() || '#ffffff';
    ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage(img, 0, 0, c.width, c.height);
    return await toBlob(c);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** A field for CSV: quoted when it holds a comma, a quote or a line break. */
function field(v: string | number): string {
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Lines of a chart as a tidy CSV table: one row per point, `series,step,value`. */
export function linesCsv(lines: readonly { name: string; data: readonly object[]; key: string }[]): string {
  const rows = ['series,step,value'];
  for (const l of lines) {
    for (const p of l.data as readonly Record<string, unknown>[]) {
      const v = p[l.key];
      if (typeof v === 'number' && typeof p.step === 'number') rows.push(`${field(l.name)},${p.step},${v}`);
    }
  }
  return rows.join('\n') + '\n';
}

/** A file name from a title: "Negative ELBO (loss)" -> "negative-elbo-loss". */
export function slug(title: string): string {
  return (
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'export'
  );
}
