import { supportsColor } from 'chalk';
import isUnicodeSupported from 'is-unicode-supported';

/**
 * Whether the terminal shows Unicode block characters (sparklines): is-unicode-supported's
 * rules (not the Linux kernel console, TERM=linux; on Windows, the terminals known to).
 */
export function unicodeTerminal(): boolean {
  return isUnicodeSupported();
}

/**
 * Colour level for a stream: NO_COLOR (any value) turns colour off, FORCE_COLOR=0..3 forces
 * a level, otherwise colour only on a TTY at the level the terminal supports.
 */
export function colorLevel(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): 0 | 1 | 2 | 3 {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 0;
  if (env.FORCE_COLOR !== undefined) {
    const forced = env.FORCE_COLOR === '' || env.FORCE_COLOR === 'true' ? 1 : Number(env.FORCE_COLOR);
    if (forced === 0 || env.FORCE_COLOR === 'false') return 0;
    return (Number.isInteger(forced) && forced >= 1 && forced <= 3 ? forced : 1) as 1 | 2 | 3;
  }
  if (!stream.isTTY) return 0;
  return supportsColor ? supportsColor.level : 0;
}
