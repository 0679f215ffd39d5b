/** What happens to a guest when their last grant ends: nothing, sign-in blocked, or the account deleted. */
export type OffboardingPolicy = 'keep' | 'block' | 'delete';

/** Lifecycle settings; the composition root fills them from the validated config (nothing here reads the environment). */
export interface LifecycleConfig {
  readonly offboarding: OffboardingPolicy;
  /** Days before expiry at which the partner person is reminded, e.g. [7, 1]. */
  readonly reminderDays: readonly number[];
  /** How often the drift check runs. */
  readonly driftIntervalMs: number;
  /**
   * How long a "day" is when reminders are placed: 86,400,000 ms, except in a local demo, where it may be shortened
   * so a grant's reminder and expiry can be watched live.
   */
  readonly dayMs?: number;
}

export const DEFAULT_LIFECYCLE_CONFIG: LifecycleConfig = Object.freeze({
  offboarding: 'keep',
  reminderDays: Object.freeze([7, 1]),
  driftIntervalMs: 60 * 60_000,
});
