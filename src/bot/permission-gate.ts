import type { FeatureId } from '../services/permissions/feature-permissions';
import type { Command } from './commands';

/** Which features each command relies on; a command whose feature is off says so instead of failing later. */
const NEEDS: Readonly<Record<string, readonly FeatureId[]>> = {
  'request access': ['membership', 'invitations', 'guest-names', 'roles'],
  invite: ['membership', 'invitations', 'guest-names', 'roles'],
  pending: ['membership'],
  revoke: ['membership', 'roles'],
  'gdap new': ['membership', 'gdap'],
  'gdap list': ['gdap'],
  'gdap terminate': ['membership', 'gdap'],
};

/** What the start-up permission self-check found; undefined means the feature can work. */
export interface FeatureAvailability {
  unavailable(feature: FeatureId): string | undefined;
}

/** Wraps each command so that, when a feature it needs is off, it answers with the reason and runs nothing. */
export function gateCommands(commands: readonly Command[], availability: FeatureAvailability): Command[] {
  return commands.map((command) => {
    const needs = NEEDS[command.name];
    if (!needs) return command;
    return {
      ...command,
      run: async (dc, actor, args) => {
        const reasons = [...new Set(needs.map((f) => availability.unavailable(f)).filter((r) => r !== undefined))];
        if (reasons.length === 0) return command.run(dc, actor, args);
        await dc.context.sendActivity(reasons.join('\n\n'));
        return undefined;
      },
    };
  });
}
