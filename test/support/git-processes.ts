import { readdirSync, readFileSync } from 'node:fs';

/**
 * Live processes (not zombies) of process group `pgid`, or whose command line mentions `text`:
 * what a stopped fetch must not leave behind.
 */
export function livingProcesses(pgid: number, text: string): string[] {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).flatMap((pid) => {
    const stat = read(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmdline = read(`/proc/${pid}/cmdline`).replace(/\0/g, ' ');
    const alive = stat !== '' && !['Z', 'X'].includes(fields[0]);
    return alive && (fields[2] === String(pgid) || cmdline.includes(text)) ? [`${pid} ${cmdline}`] : [];
  });
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return ''; // the process ended while we looked
  }
}
