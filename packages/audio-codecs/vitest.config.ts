import { rtmsVitestConfig } from '../../vitest.base.ts';

export default rtmsVitestConfig();
