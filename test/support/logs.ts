import { Logger, createLogger } from '../../server/src/observability/logger';

/** A logger whose JSON lines a test reads back: `lines()` parsed, `text()` exactly as written. */
export function captureLog(): { logger: Logger; lines: () => Array<Record<string, any>>; text: () => string } {
  const chunks: string[] = [];
  const logger = createLogger('info', { write: (chunk: string) => void chunks.push(chunk) });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as Record<string, any>);
  return { logger, lines, text };
}
