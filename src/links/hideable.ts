/**
 * What an instructor's link can hide (`&hide=id,id`): controls and whole panels, by data-testid,
 * grouped by tab for the link builder. Any data-testid works in a link; these are the ones offered.
 */
export interface Hideable {
  id: string;
  label: string;
}

export const HIDEABLE: { tab: string; title: string; items: Hideable[] }[] = [
  {
    tab: 'vae',
    title: 'VAE trainer',
    items: [
      { id: 'panel-vae-settings', label: 'all settings (panel)' },
      { id: 'hp-lr', label: 'learning rate' },
      { id: 'hp-beta', label: 'β (KL weight)' },
      { id: 'hp-batch', label: 'batch size' },
      { id: 'panel-vae-model', label: 'model settings (panel)' },
      { id: 'panel-vae-charts', label: 'charts (panel)' },
      { id: 'panel-vae-images', label: 'reconstructions and samples (panel)' },
      { id: 'btn-reset', label: 'Reset button' },
    ],
  },
  {
    tab: 'latent',
    title: 'Latent explorer',
    items: [
      { id: 'panel-latent-sliders', label: 'sliders (panel)' },
      { id: 'panel-latent-scatter', label: 'test encodings (panel)' },
      { id: 'panel-latent-manifold', label: 'manifold (panel)' },
      { id: 'panel-reparam', label: 'reparameterization (panel)' },
      { id: 'panel-interp', label: 'interpolation (panel)' },
      { id: 'panel-arith', label: 'arithmetic (panel)' },
      { id: 'panel-draw', label: 'drawing pad (panel)' },
    ],
  },
  {
    tab: 'gan',
    title: 'GAN lab',
    items: [
      { id: 'panel-gan-settings', label: 'all settings (panel)' },
      { id: 'gan-preset', label: 'preset' },
      { id: 'gan-loss', label: 'loss' },
      { id: 'gan-dataset', label: 'distribution' },
      { id: 'gan-lr-g', label: 'G learning rate' },
      { id: 'gan-lr-d', label: 'D learning rate' },
      { id: 'gan-k', label: 'k: D steps per G step' },
      { id: 'panel-gan-charts', label: 'charts (panel)' },
      { id: 'slowmo', label: 'slow motion (panel)' },
      { id: 'panel-dstar', label: 'learned D vs its optimum (panel)' },
    ],
  },
  {
    tab: 'all',
    title: 'Everywhere',
    items: [
      { id: 'backend-select', label: 'backend choice' },
      { id: 'tab-runs', label: 'Runs tab' },
    ],
  },
];
