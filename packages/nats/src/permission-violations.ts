// Permission violations the NATS server reported to this process's connections, by operation (`publish`,
// `subscription`). A process-wide tally (a service has one connection): the service kit's metrics registry
// exports it as `nats_permission_violations_total`, so a refused subject is counted as well as logged.

const tally = new Map<string, number>();

export function recordPermissionViolation(operation: string): void {
  tally.set(operation, (tally.get(operation) ?? 0) + 1);
}

/** Violations so far, by operation. */
export function permissionViolations(): ReadonlyMap<string, number> {
  return tally;
}
