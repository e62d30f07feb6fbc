import { rtmsVitestConfig } from '../vitest.base.ts';

// Each e2e file starts a whole system (and the fault tests a NATS cluster) and measures it: one at a time, so
// two of them never share this machine's cores.
export default rtmsVitestConfig({ integrationTimeoutMs: 240_000, fileParallelism: false });
