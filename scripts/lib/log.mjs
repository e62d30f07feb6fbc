// Progress output for the root scripts: one prefix, readable on a terminal and in CI logs.
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code, text) => (useColor ? `\u001b[${code}m${text}\u001b[0m` : text);

export const step = (text) => process.stdout.write(`${paint('36', '==>')} ${text}\n`);
export const info = (text) => process.stdout.write(`    ${text}\n`);
export const warn = (text) => process.stderr.write(`${paint('33', 'warn')} ${text}\n`);
export const fail = (text) => process.stderr.write(`${paint('31', 'error')} ${text}\n`);

export class SetupError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = 'SetupError';
  }
}
