export interface ConfigIssue {
  /** The environment variable at fault. */
  variable: string;
  /** What is wrong with it. */
  problem: string;
  /** How to fix it: the variable's documentation. */
  fix?: string;
}

/** Configuration could not be loaded; the message lists every variable at fault and how to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: readonly ConfigIssue[],
    options?: ErrorOptions,
  ) {
    const lines = issues.map((i) => `  - ${i.variable}: ${i.problem}${i.fix ? `. Fix: ${i.fix}` : ''}`);
    super(`invalid configuration for ${service}:\n${lines.join('\n')}`, options);
    this.name = 'ConfigError';
  }
}
