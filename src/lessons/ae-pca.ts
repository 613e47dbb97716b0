import type { Lesson } from './types';

/** Linear AE = PCA, autoencoders vs VAEs as samplers, discrete latents (issue 10, items 3-5). */
export const aePcaLesson: Lesson = {
  id: 'ae-pca-discrete',
  title: 'Autoencoders, PCA and discrete codes',
  lectures:
    'lecture 004 (Eckart-Young); lecture 002 (probabilistic PCA); lecture 001; lecture 003 (Gumbel-softmax)',
  summary:
    'A linear autoencoder trained by gradient descent finds the PCA subspace, but not a unique code; an autoencoder is no sampler; categorical codes trained through a relaxation.',
  steps: [
    {
      title: 'A linear autoencoder is PCA',
      tab: 'aepca',
      preset: 'linear-ae-pca',
      highlight: ['aepca-run', 'aepca-linear-loss', 'aepca-linear-angles'],
      text: String.raw`Two linear autoencoders $x \mapsto G(Ex)$ with a $d$-dimensional code, trained from random weights on centred digits. No rank-$d$ linear map can reconstruct better than PCA: the mean squared error is at least the sum of the discarded eigenvalues of the data covariance, $\sum_{i>d}\lambda_i$ (Eckart–Young). The black line is that number, computed from the covariance in the lab. Press **Train** and watch both losses reach it, and the principal angles between each decoder's span and the top-$d$ eigenvectors shrink.

Then compare the two runs' codes: different numbers, same reconstructions. $G A^{-1}$ with code $A E x$ gives the same output for any invertible $A$, so the loss pins down the subspace, not the coordinates. The right-hand chart trains a linear-Gaussian VAE: its exact ELBO climbs towards the closed-form log-likelihood of probabilistic PCA from below.`,
    },
    {
      title: 'Autoencoders are not generative',
      tab: 'aepca',
      preset: 'ae-not-generative',
      highlight: ['aepca-run', 'aepca-gen-loss'],
      text: String.raw`A plain autoencoder, a denoising one and a VAE, with the same networks. Train, then look at the second and third rows of each panel: codes drawn from $\mathcal N(0, I)$ and from a Gaussian fitted to the training codes, decoded. The autoencoders were never asked to put their codes anywhere in particular, so most of those draws land where no training code is. The VAE's KL term pulls its codes towards the prior, so decoding prior samples is what its decoder was trained for.`,
    },
    {
      title: 'Discrete codes: Gumbel-softmax',
      tab: 'aepca',
      preset: 'discrete-vae',
      highlight: ['aepca-run', 'aepca-discrete-tau', 'aepca-per-category'],
      text: String.raw`Here the code is $N$ categorical variables of $K$ categories. Sampling a category has no gradient, so training uses the relaxation $y = \mathrm{softmax}((\ell + g)/\tau)$ with Gumbel noise $g$; as the temperature $\tau$ is annealed the samples approach one-hot vectors. The KL to the uniform prior is exact, $\sum_i \sum_k q_{ik}\log(K q_{ik})$, at most $N\log K$. The grid decodes one-hot codes: each row sets the first variable to one category. Try the **straight-through** option: one-hot forward, relaxed gradient backward.`,
    },
  ],
};
