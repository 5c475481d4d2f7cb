/**
 * A progress bar on stderr. On a terminal it redraws one line; elsewhere (CI, pipes) it prints a
 * line every 10% so logs stay short.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number, item: string) => void {
  let lastDecile = -1;
  return (done, total, item) => {
    const ratio = total === 0 ? 1 : done / total;
    if (stream.isTTY) {
      const width = 28;
      const filled = Math.round(ratio * width);
      const name = item.length > 28 ? `${item.slice(0, 27)}…` : item;
      stream.write(`\r${label} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${name.padEnd(28)}`);
      if (done === total) stream.write('\n');
      return;
    }
    const decile = Math.floor(ratio * 10);
    if (decile !== lastDecile || done === total) {
      lastDecile = decile;
      stream.write(`${label} ${done}/${total}\n`);
    }
  };
}
