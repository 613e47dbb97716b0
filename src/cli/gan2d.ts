/**
 * Placeholder for the 2-D GAN command line (`npm run train -- --preset <gan preset> ...`); the GAN
 * lab replaces this file with the real trainer.
 */
export async function runGan2dCli(argv: string[]): Promise<number> {
  const message = 'the 2-D GAN presets cannot be trained from the command line yet';
  if (argv.includes('--json')) process.stderr.write(JSON.stringify({ event: 'error', message }) + '\n');
  else process.stderr.write(`error: ${message}\n`);
  return 2;
}
