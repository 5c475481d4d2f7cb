import { execFileSync } from 'node:child_process';

/** Whether the system `unzip` is there to check archives independently of our zip code. */
export const hasUnzip = ((): boolean => {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
