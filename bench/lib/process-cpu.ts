import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc times; 100 on every Linux this runs on (`getconf CLK_TCK`). */
const TICKS_PER_SECOND = 100;

/**
 * CPU time (user + system, in ms) that process `pid` has used so far, from /proc; undefined where
 * there is no /proc or the process is gone.
 */
export const processCpuMs = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may itself hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const user = Number(fields[11]);
    const system = Number(fields[12]);
    return Number.isFinite(user + system) ? ((user + system) * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
};

/** CPU time this process has used so far, in ms. */
export const ownCpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
