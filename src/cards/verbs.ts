/**
 * Action verbs shared by card templates (`Action.Execute` verb / `Action.Submit` data.verb) and the handlers in
 * src/bot. A template and its handler must agree, so both import from here; the card test checks every verb used
 * in a template is listed.
 */
export const Verbs = {
  runCommand: 'command.run',
} as const;

export type Verb = (typeof Verbs)[keyof typeof Verbs];
