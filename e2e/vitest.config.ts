import { rtmsVitestConfig } from '../vitest.base.ts';

export default rtmsVitestConfig({ integrationTimeoutMs: 240_000 });
