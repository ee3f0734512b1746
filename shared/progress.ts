/**
 * Progress output for long commands: a redrawn bar on a terminal, a line every 10% otherwise
 * (CI logs stay short).
 */
export interface Progress {
  tick(done: number): void;
  finish(message?: string): void;
}

export function createProgress(label: string, total: number, stream: NodeJS.WriteStream = process.stderr): Progress {
  const started = Date.now();
  let lastDecile = -1;
  const line = (done: number) => {
    const ratio = total === 0 ? 1 : Math.min(1, done / total);
    const width = 30;
    const filled = Math.round(ratio * width);
    const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
    return `${label} [${"#".repeat(filled)}${" ".repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}% ${done}/${total} (${rate.toFixed(0)}/s)`;
  };
  return {
    tick(done) {
      if (stream.isTTY) {
        stream.write(`\r${line(done)}`);
      } else {
        const decile = Math.floor((done / Math.max(1, total)) * 10);
        if (decile !== lastDecile) {
          lastDecile = decile;
          stream.write(`${line(done)}\n`);
        }
      }
    },
    finish(message) {
      if (stream.isTTY) stream.write(`\r${line(total)}\n`);
      if (message) stream.write(`${message}\n`);
    },
  };
}
