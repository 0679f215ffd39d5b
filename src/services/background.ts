import type { Logger } from './logging/logger';

/**
 * Work that outlives the turn that started it (provisioning after an approve click, card updates). Failures are
 * logged, never lost silently; shutdown and tests can wait for everything in flight with drain().
 */
export class BackgroundTasks {
  private readonly running = new Set<Promise<void>>();

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
      .finally(() => this.running.delete(task));
    this.running.add(task);
  }

  /** Resolves when nothing is running, including work started by work that was running. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  get size(): number {
    return this.running.size;
  }
}
