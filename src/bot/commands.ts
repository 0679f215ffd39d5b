import type { DialogContext } from 'botbuilder-dialogs';
import type { Actor } from './identity';

/** One chat command. `run` either answers directly or begins a dialog on `dc`. */
export interface Command {
  readonly name: string;
  readonly aliases?: readonly string[];
  readonly description: string;
  /** Shown on the help card; hidden commands still work. */
  readonly listed?: boolean;
  run(dc: DialogContext, actor: Actor, args: string): Promise<unknown>;
}

export interface ParsedCommand {
  readonly command: Command;
  readonly args: string;
}

/** Finds the command a message names: the longest name or alias that the text starts with, case-insensitively. */
export class CommandRouter {
  private readonly byPhrase: Array<[string, Command]> = [];

  constructor(readonly commands: readonly Command[]) {
    for (const c of commands)
      for (const phrase of [c.name, ...(c.aliases ?? [])]) this.byPhrase.push([phrase.toLowerCase(), c]);
    this.byPhrase.sort((a, b) => b[0].length - a[0].length);
  }

  parse(text: string): ParsedCommand | undefined {
    const cleaned = clean(text);
    const lower = cleaned.toLowerCase();
    const normalized = lower.replace(/[.!?]+$/, '') || lower;
    for (const [phrase, command] of this.byPhrase) {
      if (normalized === phrase || normalized.startsWith(`${phrase} `))
        return { command, args: cleaned.slice(phrase.length).trim() };
    }
    return undefined;
  }

  get listed(): readonly Command[] {
    return this.commands.filter((c) => c.listed !== false);
  }
}

/** Teams puts `<at>Bot</at>` mentions and stray whitespace into channel messages; commands ignore both. */
export function clean(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
