import type { ComponentType } from 'react';
import { VaeLab } from './vae/VaeLab';
import { LatentExplorer } from './latent/LatentExplorer';
import { GanLab } from './gan/GanLab';
import { ImageLab } from './imagegan/ImageLab';
import { ConstraintsLab } from './constraints/ConstraintsLab';
import { AepcaLab } from './aepca/AepcaLab';
import { LessonsTab } from './lessons/LessonsTab';
import { RunsTab } from './runs/RunsTab';
import { TheoryLab } from './theory/TheoryLab';

/** View slots: each lab is a tab. Later labs (GAN 2-D, latent explorer, lessons) register here. */
export interface LabTab {
  id: string;
  title: string;
  component: ComponentType;
}

export const tabs: LabTab[] = [
  { id: 'vae', title: 'VAE trainer', component: VaeLab },
  { id: 'latent', title: 'Latent explorer', component: LatentExplorer },
  { id: 'gan', title: 'GAN lab (2-D)', component: GanLab },
  { id: 'images', title: 'Image GANs & AAE', component: ImageLab },
  { id: 'constraints', title: 'Constraint lab', component: ConstraintsLab },
  { id: 'theory', title: 'Inference theory', component: TheoryLab },
  { id: 'aepca', title: 'AE, PCA & discrete', component: AepcaLab },
  { id: 'lessons', title: 'Lessons', component: LessonsTab },
  { id: 'runs', title: 'Runs', component: RunsTab },
];
