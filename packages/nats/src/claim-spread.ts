// How long a replica waits before claiming a free lease: longer the more it holds already, so a less loaded
// replica's claim (sent sooner) wins the create race and the work spreads over the replicas
// (docs/architecture.md, "Ownership by lease"). Capped: a busy replica still claims within a second when it is the
// only one left.

/** The longest a claim is held back, whatever the load. */
const MAX_CLAIM_SPREAD_MS = 1000;

/** `load` (leases held or being claimed) × `spreadMs`, at most MAX_CLAIM_SPREAD_MS. */
export const claimSpreadMs = (load: number, spreadMs: number) =>
  Math.min(Math.max(0, load) * spreadMs, MAX_CLAIM_SPREAD_MS);
