import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogSet, type Dialog, type DialogContext, type DialogState } from 'botbuilder-dialogs';
import { clean, type CommandRouter, type ParsedCommand } from '../commands';
import { actorOf } from '../identity';
import { formOwnerOf, type FormState } from './form-guard';

export interface TurnInput {
  readonly text: string;
  /** True when the text came from a button ("command.run" on a card) rather than typed. */
  readonly fromButton: boolean;
}

const CANCEL = /^(cancel|stop|quit|never ?mind)$/i;

/**
 * Routes each message. The dialog state is the sender's own (see PersonalConversationState), so a form click is
 * taken only when it carries the id of the form this person has open. A recognised command interrupts an open form
 * (core-bot's interruption pattern): it runs, and the form stays usable unless the command opened a new one. Other
 * text goes to the open form.
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
    const click = context.activity.value as { verb?: unknown; formId?: unknown; owner?: unknown } | undefined;
    if (!input.fromButton && typeof click?.verb === 'string') {
      const open = dc.activeDialog?.state as Partial<FormState> | undefined;
      if (open?.formId && click.formId === open.formId) await dc.continueDialog();
      else await context.sendActivity(refusalFor(click.owner, formOwnerOf(context)));
      return;
    }
    const parsed = this.router.parse(text);
    if (parsed) await this.runCommand(dc, parsed);
    else if (dc.activeDialog) await dc.continueDialog();
    else await context.sendActivity(unknownCommandReply(text));
  }

  /**
   * The open form is taken off the stack while the command runs, so the command sees no dialog and a dialog it
   * begins cannot end the form by returning to it. Afterwards the form is put back, unless the command opened a
   * form of its own: then the earlier one is set aside, and the person is told so.
   */
  private async runCommand(dc: DialogContext, parsed: ParsedCommand): Promise<void> {
    const aside = dc.stack.splice(0);
    await parsed.command.run(dc, actorOf(dc.context), parsed.args);
    if (aside.length === 0) return;
    if (dc.stack.length === 0) {
      dc.stack.push(...aside);
      return;
    }
    await dc.context.sendActivity(
      'Your earlier unfinished form is set aside: its buttons no longer work. Start it again if you still need it.',
    );
  }
}

function refusalFor(owner: unknown, clicker: string): string {
  if (typeof owner === 'string' && owner !== clicker)
    return 'That form belongs to the person who opened it, so only they can use its buttons; nothing was changed. Say "help" to start your own.';
  return 'That card belongs to a conversation that has ended (finished, cancelled, or replaced by a newer one). Say "help" to start again.';
}

function unknownCommandReply(text: string): string {
  if (!text) return 'Say "help" to see what I can do.';
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return `I don't know the command "${shown}". Say "help" to see what I can do.`;
}
