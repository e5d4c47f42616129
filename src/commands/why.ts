// gcdiag why SNAPSHOT (--id ID | --type TYPE): parse options, explain what keeps
// the object or the type's instances alive, hand the result to a reporter.
import type { Command } from 'commander';
import { loadSnapshot } from '../snapshot/load.js';
import { graphFacts } from '../analysis/graph-facts.js';
import { why, UnknownObject, type WhyQuery } from '../analysis/why.js';
import { whyReporters, WHY_FORMATS, type WhyFormat } from '../report/why.js';
import { writeOutput } from '../report/output.js';
import { InputError, UsageError } from '../errors.js';
import { pickFormat, parseObjectId } from './options.js';
import { checkOutPath } from '../files.js';
import { forFormat } from '../report/escape.js';

interface WhyOpts { id?: string; type?: string; format: string; out?: string }

function query(opts: WhyOpts): WhyQuery {
  if ((opts.id === undefined) === (opts.type === undefined)) throw new UsageError('why needs exactly one of --id ID or --type TYPE');
  return opts.id !== undefined ? { id: parseObjectId(opts.id) } : { type: opts.type! };
}

export function registerWhy(program: Command): void {
  program
    .command('why')
    .description('explain what keeps an object, or every instance of a type, alive: shortest retainer paths from named roots, retained size, known traps')
    .argument('<snapshot>', 'heap snapshot file')
    .option('--id <id>', 'the object id (decimal, or 0x hex as in a repr)')
    .option('--type <type>', 'a type name, qualified (app.models.Request) or not (Request)')
    .option('--format <format>', `output format: ${WHY_FORMATS.join(', ')}`, 'table')
    .option('--out <file>', 'write the report to a file (written whole, or not at all)')
    .addHelpText('after', `
Examples:
  gcdiag why fixtures/snapshots/traps.json --type Connection
  gcdiag why heap.json --id 0x7f3a2c1d5e50
  gcdiag why heap.json --type app.models.Request --format json`)
    .action(async (file: string, opts: WhyOpts) => {
      checkOutPath(opts.out, '--out', [file]);
      const format = pickFormat<WhyFormat>(opts.format, WHY_FORMATS);
      const q = query(opts);
      const facts = graphFacts(await loadSnapshot(file));
      try {
        writeOutput(whyReporters[format](forFormat(format, why(facts, q))), opts.out);
      } catch (e) {
        if (!(e instanceof UnknownObject)) throw e;
        const hint = e.suggestions.length ? ` (similar: ${e.suggestions.join(', ')})` : '';
        throw new InputError(file, '', `${e.what}${hint}`);
      }
    });
}
