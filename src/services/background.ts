import type { Logger } from './logging/logger';

/**
 * Work that outlives the turn that started it (provisioning after an approve click, card updates). Failures are
 * logged, never lost silently; shutdown and tests can wait for everything in flight with drain().
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();
  private readonly names = new Map<Promise<void>, string>();

  constructor(private readonly logger: Logger) {}

  run(name: string, work: () => Promise<unknown>): void {
    const task = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (error: unknown) =>
          this.logger.error(
            { task: name, err: { message: error instanceof Error ? error.message : String(error) } },
            'background task failed',
          ),
      )
      .finally(() => {
        this.running.delete(task);
        this.names.delete(task);
      });
    this.running.add(task);
    this.names.set(task, name);
  }

  /**
   * Resolves when nothing is running, including work started by work that was running; with `deadlineMs`, stops
   * waiting after that long (resolving false), since what a stop cuts short is resumable by design.
   */
  async drain(deadlineMs?: number): Promise<boolean> {
    const all = (async () => {
      while (this.running.size > 0) await Promise.all([...this.running]);
    })();
    if (deadlineMs === undefined) return all.then(() => true);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), deadlineMs)));
    const drained = await Promise.race([all.then(() => true as const), late]);
    clearTimeout(timer);
    if (!drained)
      this.logger.warn(
        { tasks: [...this.names.values()] },
        'stopping with background work unfinished; it resumes at the next start',
      );
    return drained;
  }

  get size(): number {
    return this.running.size;
  }
}
