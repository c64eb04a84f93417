/**
 * The command-line program: registers commands, owns the process edges (argv, streams,
 * exit code) and the single top-level catch. Commands stay thin; see src/commands/.
 */
import { Command, CommanderError } from 'commander';
import { toolVersion } from './core/tool.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerExplain } from './commands/explain.js';
import { registerRubric } from './commands/rubric.js';
import { registerInspect } from './commands/inspect.js';
import { registerSurvey } from './commands/survey.js';
import { registerSql } from './commands/sql.js';
import { EXIT, isUserError } from './core/errors.js';
import type { CommandIo, Io } from './core/io.js';
import { guardTextOutput, plainLines } from './renderers/sanitise.js';

export async function main(argv: string[], io: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const debug = argv.includes('--debug');
  const streams = watchStreams(io);
  const code = await run(argv, io, debug);
  return streams.failed ?? code;
}

/**
 * Write errors on stdout and stderr, which arrive as stream events after the write:
 * - EPIPE (the reader went away: `pullcheck analyze | head`) ends output quietly; the exit code
 *   stays the run's own (0 unless a gate failed), never a stack trace.
 * - any other error on stdout (ENOSPC: a full disk under `> report.txt`) is one line on stderr and
 *   exit 2, never exit 1, which means "gate failed".
 */
function watchStreams(io: Io): { failed: number | null } {
  const state: { failed: number | null } = { failed: null };
  let reported = false;
  const onError = (name: 'stdout' | 'stderr') => (error: NodeJS.ErrnoException): void => {
    if (error.code === 'EPIPE' || name === 'stderr' || reported) return;
    reported = true;
    state.failed = EXIT.usage;
    process.exitCode = EXIT.usage; // when the error arrives after main has returned
    io.stderr.write(`pullcheck: cannot write the report to stdout: ${error.code ?? error.message}${error.code === 'ENOSPC' ? ' (the disk is full)' : ''}\n`);
  };
  if (typeof io.stdout.on === 'function') io.stdout.on('error', onError('stdout'));
  if (typeof io.stderr.on === 'function') io.stderr.on('error', onError('stderr'));
  return state;
}

async function run(argv: string[], io: Io, debug: boolean): Promise<number> {
  const program = new Command()
    .name('pullcheck')
    .description('Measure how sales-driven or product-driven a software company is, from its CRM and product-analytics exports.')
    .version(toolVersion(), '-v, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  const commandIo: CommandIo = { ...io, result: { exitCode: EXIT.ok } };
  registerAnalyze(program, commandIo);
  registerInspect(program, io);
  registerSurvey(program, io);
  registerExplain(program, io);
  registerRubric(program, commandIo);
  registerSql(program, io);
  if (argv.length <= 2) {
    program.outputHelp();
    return EXIT.ok;
  }

  try {
    await program.parseAsync(argv);
    return commandIo.result.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successful exits; commander already printed the message.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (isUserError(error)) {
      // Messages quote data values and file names: no control characters, no line a CI runner reads as a command.
      io.stderr.write(guardTextOutput(`pullcheck: ${plainLines(error.message)}\n`));
      if (error.hint) io.stderr.write(guardTextOutput(`hint: ${plainLines(error.hint)}\n`));
      if (debug && error.stack) io.stderr.write(`${error.stack}\n`);
      return error.exitCode;
    }
    io.stderr.write(guardTextOutput(`pullcheck: internal error: ${plainLines(error instanceof Error ? error.message : String(error))}\n`));
    if (debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    else io.stderr.write('This is a bug in pullcheck. Re-run with --debug for a stack trace and report it.\n');
    return EXIT.internal;
  }
}
