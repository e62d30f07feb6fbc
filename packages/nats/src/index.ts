export { claimSpreadMs } from './claim-spread.js';
export { connectNats } from './connect.js';
export type { HandleOutcome, RunningConsumer } from './consume.js';
export { runConsumer } from './consume.js';
export { drainNats } from './drain.js';
export { NatsConnectError, ProvisionError, PublishError, ReplicaCountError } from './errors.js';
export { casCreate, casDelete, casUpdate, isRevisionConflict, openBucket } from './kv-cas.js';
export { permissionViolations } from './permission-violations.js';
export type { AuthUserName } from './permissions/auth-config.js';
export {
  ADMIN_USER,
  AuthUserNames,
  authorizationBlock,
  passwordVariable,
} from './permissions/auth-config.js';
export type { Topology } from './provision.js';
export { provisionTopology } from './provision.js';
export { publishBytes, publishJson, toHeaders } from './publish.js';
