/**
 * The classic VAE is the VAE family's default setting (./vae.ts with the classic-vae preset); this name
 * is kept for code that still imports it.
 */
export { Vae as ClassicVae } from './vae';
