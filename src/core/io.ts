/** The process edges a command writes to, passed in so that tests can capture them. */
export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env: NodeJS.ProcessEnv;
}

/** How a command reports its exit code (e.g. 1 for a failed CI gate) without touching the process. */
export interface CommandResult {
  exitCode: number;
}

/** The streams plus the holder a command sets its exit code in; `main` returns that code. */
export interface CommandIo extends Io {
  result: CommandResult;
}
