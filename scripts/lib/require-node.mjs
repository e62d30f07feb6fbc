// Imported first by scripts/start.mjs and scripts/test.mjs, so the Node version is checked before any other
// module of the run is evaluated.
import { requireSupportedNode } from './node-version.mjs';

requireSupportedNode();
