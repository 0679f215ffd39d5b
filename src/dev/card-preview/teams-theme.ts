/**
 * A Teams-like light theme for the official Adaptive Cards renderer: a host config (colours, spacing, type scale)
 * and the CSS the renderer leaves to its host (buttons, inputs). Close to what Teams shows; not Microsoft's own file.
 */

export const FONT_STACK =
  '"Segoe UI", "Segoe UI Web (West European)", -apple-system, BlinkMacSystemFont, Roboto, "Helvetica Neue", "Liberation Sans", Arial, sans-serif';

/** The width Teams gives a card in a chat on a desktop screen, about. */
export const CARD_WIDTH_PX = 500;

const foregroundColors = {
  default: { default: '#242424', subtle: '#616161' },
  dark: { default: '#242424', subtle: '#424242' },
  light: { default: '#FFFFFF', subtle: '#F5F5F5' },
  accent: { default: '#4F52B2', subtle: '#6264A7' },
  good: { default: '#0E700E', subtle: '#107C10' },
  warning: { default: '#8A3707', subtle: '#835B00' },
  attention: { default: '#C4314B', subtle: '#B10E1C' },
};

const style = (backgroundColor: string) => ({ backgroundColor, foregroundColors });

export const TEAMS_LIGHT_HOST_CONFIG = {
  fontFamily: FONT_STACK,
  supportsInteractivity: true,
  spacing: { small: 8, default: 12, medium: 16, large: 20, extraLarge: 24, padding: 16 },
  separator: { lineThickness: 1, lineColor: '#E0E0E0' },
  fontSizes: { small: 12, default: 14, medium: 16, large: 18, extraLarge: 24 },
  lineHeights: { small: 16, default: 20, medium: 22, large: 24, extraLarge: 32 },
  fontWeights: { lighter: 200, default: 400, bolder: 600 },
  imageSizes: { small: 32, medium: 52, large: 100 },
  containerStyles: {
    default: style('#FFFFFF'),
    emphasis: style('#F5F5F5'),
    accent: style('#EBEBF5'),
    good: style('#DFF6DD'),
    warning: style('#FFF4CE'),
    attention: style('#FDE7E9'),
  },
  actions: {
    maxActions: 6,
    spacing: 'default',
    // Spacing between buttons is a CSS gap (below), so that buttons can wrap onto a second row as in Teams.
    buttonSpacing: 0,
    showCard: { actionMode: 'inline', inlineTopMargin: 16, style: 'emphasis' },
    actionsOrientation: 'horizontal',
    actionAlignment: 'left',
  },
  factSet: {
    title: { weight: 'bolder', wrap: true, maxWidth: 150 },
    value: { wrap: true },
    spacing: 12,
  },
  inputs: {
    label: { inputSpacing: 'small', requiredInputs: { suffix: ' *', suffixColor: 'attention' } },
    errorMessage: { size: 'small', color: 'attention' },
  },
} as const;

/** What the renderer leaves to the host page: the chat background, the card's frame, buttons and inputs. */
export const TEAMS_LIGHT_CSS = `
  html, body { margin: 0; background: #F5F5F5; font-family: ${FONT_STACK}; -webkit-font-smoothing: antialiased; }
  #frame { display: inline-block; padding: 12px; }
  #host {
    width: ${CARD_WIDTH_PX}px; box-sizing: border-box; background: #FFFFFF; border: 1px solid #E0E0E0;
    border-radius: 6px; box-shadow: 0 1px 2px rgba(0, 0, 0, 0.08); overflow: hidden;
  }
  #host .ac-adaptiveCard { border-radius: 6px; }
  /* The renderer ignores factSet.title.wrap (3.0.6); short titles such as "Requested by" stay on one line. */
  .ac-fact-title { white-space: nowrap; }
  .ac-actionSet { flex-wrap: wrap; gap: 8px; }
  .ac-actionSet > .ac-pushButton { flex: 0 0 auto !important; max-width: 100%; }
  .ac-pushButton {
    font-family: inherit; font-size: 14px; font-weight: 600; line-height: 20px; min-height: 32px;
    padding: 5px 12px; border: 1px solid #D1D1D1; border-radius: 4px; background: #FFFFFF; color: #242424;
    white-space: nowrap; overflow: hidden; text-overflow: ellipsis; cursor: pointer;
  }
  .ac-pushButton.style-positive { background: #5B5FC7; border-color: #5B5FC7; color: #FFFFFF; }
  .ac-pushButton.style-destructive { color: #C4314B; border-color: #C4314B; }
  .ac-input { font-family: inherit; font-size: 14px; color: #242424; }
  .ac-textInput, .ac-numberInput, .ac-choiceSetInput-compact, .ac-dateInput, .ac-timeInput {
    box-sizing: border-box; width: 100%; min-height: 32px; padding: 5px 10px; background: #FFFFFF;
    border: 1px solid #D1D1D1; border-bottom-color: #616161; border-radius: 4px;
  }
  .ac-textInput.ac-multiline { height: 72px; resize: none; }
  .ac-input::placeholder { color: #707070; }
  .ac-choiceSetInput-expanded label, .ac-toggleInput label { font-size: 14px; line-height: 20px; }
  .ac-choiceSetInput-expanded input { accent-color: #5B5FC7; margin-top: 3px; }
`;
