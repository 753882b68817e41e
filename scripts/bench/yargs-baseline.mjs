// The smallest yargs CLI (one command, --version), bundled like splitcheck: the floor that yargs itself sets.
import yargs from 'yargs';

await yargs()
  .scriptName('baseline')
  .command('$0 [domain]', 'check', (y) => y.option('json', { type: 'boolean' }), () => {})
  .version('1.0.0')
  .exitProcess(false)
  .parseAsync(process.argv.slice(2), {}, (_err, _argv, output) => {
    if (output) process.stdout.write(`${output}\n`);
  });
