import { main } from './cli';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    // Bad options and data files carry their own full explanation.
    console.error(`Error: ${e.message}`);
    process.exit(1);
  },
);
