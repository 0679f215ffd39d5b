import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { clean, type CommandRouter } from '../commands';
import { actorOf } from '../identity';

export interface TurnInput {
  readonly text: string;
  /** True when the text came from a button ("command.run" on a card) rather than typed. */
  readonly fromButton: boolean;
}

const CANCEL = /^(cancel|stop|quit|never ?mind)$/i;

/**
 * Routes each message: a running dialog gets the turn unless the user cancels or presses a command button;
 * otherwise the message names a command, which answers or begins its dialog.
 */
export class MainDialog {
  private readonly dialogs: DialogSet;

  constructor(
    dialogState: StatePropertyAccessor<DialogState>,
    private readonly router: CommandRouter,
    children: readonly Dialog[],
  ) {
    this.dialogs = new DialogSet(dialogState);
    for (const child of children) this.dialogs.add(child);
  }

  async run(context: TurnContext, input: TurnInput): Promise<void> {
    const dc = await this.dialogs.createContext(context);
    const text = clean(input.text);
    if (CANCEL.test(text)) {
      const hadDialog = !!dc.activeDialog;
      await dc.cancelAllDialogs();
      await context.sendActivity(hadDialog ? 'Cancelled. Nothing was submitted.' : 'There was nothing to cancel.');
      return;
    }
    if (dc.activeDialog && !input.fromButton) {
      const result = await dc.continueDialog();
      if (result.status !== DialogTurnStatus.empty) return;
    }
    const cardVerb = (context.activity.value as { verb?: unknown } | undefined)?.verb;
    if (!dc.activeDialog && !input.fromButton && typeof cardVerb === 'string') {
      await context.sendActivity(
        'That card belongs to a conversation that has ended (finished, cancelled, or replaced by a newer one). Say "help" to start again.',
      );
      return;
    }
    const parsed = this.router.parse(text);
    if (!parsed) {
      await context.sendActivity(unknownCommandReply(text));
      return;
    }
    if (dc.activeDialog) await dc.cancelAllDialogs();
    await parsed.command.run(dc, actorOf(context), parsed.args);
  }
}

function unknownCommandReply(text: string): string {
  if (!text) return 'Say "help" to see what I can do.';
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return `I don't know the command "${shown}". Say "help" to see what I can do.`;
}
