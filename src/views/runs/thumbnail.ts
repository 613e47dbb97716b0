import { useGan } from '../../store/gan2d';
import { useLab } from '../../store/lab';
import type { LabKind } from '../../store/runs';
import { paintPoints } from '../gan/paintGan';
import { batchCanvas } from '../ImageGrid';
import { thumbnailPng } from '../exportFile';

/** A small PNG of the run in view: the VAE's prior samples, or the GAN's real and fake points. */
export async function currentThumbnail(kind: LabKind): Promise<Uint8Array | null> {
  if (kind === 'vae') {
    const s = useLab.getState().snapshot?.samples;
    return s ? thumbnailPng(batchCanvas(s, 8)) : null;
  }
  const snap = useGan.getState().snapshot;
  if (!snap) return null;
  const size = 96;
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const ctx = c.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, size, size);
  const v = { ctx, size, extent: snap.extent };
  paintPoints(v, snap.real, 'rgba(22, 163, 74, 0.5)', 0.8);
  paintPoints(v, snap.fake, 'rgba(124, 58, 237, 0.8)', 0.8);
  return thumbnailPng(c, size);
}
