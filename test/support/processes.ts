import { readFileSync } from 'node:fs';

/**
 * Running, by /proc. A child killed after its worker thread was terminated stays a zombie (no
 * thread is left to reap it) until the service exits: dead, holding only its pid.
 */
export function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
