/**
 * Drive the built CLI in a real pseudo-terminal with tmux (Debian package `tmux`): start a
 * command in a detached session on a private server, send key presses, read the screen.
 * Each session has its own socket (`tmux -L`), so tests never touch a user's tmux.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { ROOT } from './run-cli.js';

export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0;
}

export class TmuxSession {
  private readonly socket = `pullcheck-test-${process.pid}-${randomBytes(4).toString('hex')}`;

  /** Runs `command` (a shell command line, from the repository root) in a width × height terminal. */
  constructor(command: string, options: { width?: number; height?: number; env?: Record<string, string> } = {}) {
    const env = Object.entries({ NO_COLOR: '1', ...options.env })
      .map(([k, v]) => `${k}=${shellQuote(v)}`)
      .join(' ');
    this.tmux([
      'new-session', '-d', '-s', 'main',
      '-x', String(options.width ?? 100), '-y', String(options.height ?? 40),
      `cd ${shellQuote(ROOT)} && env ${env} ${command}; echo "[exit $?]"; sleep 3600`,
    ]);
    this.tmux(['set-option', '-t', 'main', 'history-limit', '20000']);
  }

  /** The visible screen, or everything including the scrollback. */
  screen(history = false): string {
    return this.tmux(['capture-pane', '-p', '-t', 'main', ...(history ? ['-S', '-', '-E', '-'] : [])]);
  }

  /** tmux key names: 'Enter', 'Down', 'Up', 'C-c', or literal text. */
  keys(...keys: string[]): void {
    this.tmux(['send-keys', '-t', 'main', ...keys]);
  }

  /** Waits until the visible screen matches, and returns it. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
  }

  /** The command's exit code, once it has ended. */
  async exitCode(timeoutMs = 15_000): Promise<number> {
    const screen = await this.waitFor(/\[exit \d+\]/, timeoutMs);
    return Number(/\[exit (\d+)\]/.exec(screen)![1]);
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'], { encoding: 'utf8' });
  }

  private tmux(args: string[]): string {
    const env = { ...process.env };
    delete env.TMUX;
    const r = spawnSync('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`tmux ${args[0]} failed: ${r.stderr}`);
    return r.stdout;
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
