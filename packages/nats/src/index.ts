export type { ConnectSettings } from './connect.js';
export { connectNats } from './connect.js';
export type { ConsumeSettings, HandleOutcome, RunningConsumer } from './consume.js';
export { runConsumer } from './consume.js';
export { drainNats } from './drain.js';
export { NatsConnectError, ProvisionError, PublishError, ReplicaCountError } from './errors.js';
export { permissionViolations } from './permission-violations.js';
export type { AuthUserName, PasswordSource } from './permissions/auth-config.js';
export {
  ADMIN_USER,
  AuthUserNames,
  authorizationBlock,
  passwordVariable,
} from './permissions/auth-config.js';
export type { NatsPermissions } from './permissions/nats-permissions.js';
export { natsPermissions } from './permissions/nats-permissions.js';
export type { NatsUserName, ServiceAccess } from './permissions/service-access.js';
export { NatsUserNames, ServiceAccessTable } from './permissions/service-access.js';
export type { ProvisionReport, Topology } from './provision.js';
export { provisionTopology } from './provision.js';
export type { PublishOptions } from './publish.js';
export { publishBytes, publishCore, publishJson, toHeaders } from './publish.js';
