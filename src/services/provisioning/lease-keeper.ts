import type { SagaLogger } from './provisioning-types';

/** The lease this process holds on a request while it works; `lost` once a renewal found another owner. */
export interface Lease {
  lost: boolean;
  stop(): void;
}

/**
 * Renews the lease while the work runs (a single Graph step can outlast it, e.g. retries during replication lag),
 * so no other instance takes over a request whose holder is alive. A renewal that fails means another instance
 * already has it: the work stops at the next step boundary.
 */
export function keepLease(requestId: string, claim: () => Promise<boolean>, leaseMs: number, log: SagaLogger): Lease {
  const lease = { lost: false, stop: () => clearInterval(timer) };
  const timer = setInterval(
    () => {
      claim().then(
        (held) => void (held || (lease.lost = true)),
        (error: unknown) => log.warn({ requestId, err: error }, 'provisioning: lease renewal failed'),
      );
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return lease;
}
