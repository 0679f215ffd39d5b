export { DEFAULT_LIFECYCLE_CONFIG, type LifecycleConfig, type OffboardingPolicy } from './lifecycle-config';
export { LifecycleService } from './lifecycle-service';
export { Scheduler, type SchedulerOptions } from './scheduler';
export { newGrantId } from './grant-recorder';
export { DRIFT_KEY, expireKey, remindKey, type ExpirePayload, type RemindPayload } from './job-keys';
export * from './lifecycle-types';
