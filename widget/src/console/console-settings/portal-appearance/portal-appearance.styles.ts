import { css } from 'lit';

/** The appearance tab: the two schemes' fields side by side (stacked on phones), then the two previews. */
export default css`
  :host {
    display: block;
  }
  .schemes,
  .previews {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 300px), 1fr));
    gap: 16px;
  }
  fieldset {
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    padding: 8px 16px 12px;
    margin: 0;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 4px;
  }
  .field input {
    max-width: 28rem;
  }
  .label {
    display: block;
    font-weight: 600;
    margin: var(--tp-space) 0 4px;
  }
  .logo {
    border-radius: var(--tp-radius);
    outline: 2px dashed transparent;
    outline-offset: 4px;
  }
  .logo.dropping {
    outline-color: var(--tp-main);
  }
  .logo-box {
    display: flex;
    align-items: center;
    min-height: 56px;
    padding: 8px;
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
  }
  /* Each logo on its scheme's usual background, whatever the console's. */
  .logo-box.light {
    background: #ffffff;
    color: #4b5563;
  }
  .logo-box.dark {
    background: #111827;
    color: #d1d5db;
  }
  .logo-box .muted {
    color: inherit;
  }
  .logo-box img {
    max-height: 40px;
    max-width: 100%;
  }
  .hint {
    font-size: 0.9em;
    margin: 4px 0;
  }
  label.button {
    display: inline-flex;
    align-items: center;
    margin: 0;
    min-height: 36px;
    padding: 6px 14px;
    border-radius: var(--tp-radius);
    background: var(--tp-secondary);
    color: var(--tp-secondary-text);
    font-weight: normal;
    cursor: pointer;
  }
  label.button.busy {
    opacity: 0.6;
    cursor: default;
  }
  input[type='file']:focus-visible + label.button {
    outline: 2px solid var(--tp-focus);
    outline-offset: 2px;
  }
  .pair {
    display: flex;
    gap: 8px;
    align-items: center;
  }
  .pair input[type='color'] {
    width: 44px;
    height: 36px;
    padding: 2px;
    flex: none;
    cursor: pointer;
  }
  .pair .hex {
    width: 9em;
    font-family: ui-monospace, monospace;
  }
  .warning {
    margin: 4px 0;
    padding: 4px 8px;
    border-left: 3px solid #b45309;
    background: color-mix(in srgb, #f59e0b 15%, var(--tp-body));
    font-size: 0.9em;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    margin-top: 16px;
  }
  .live {
    margin-top: 24px;
  }
  figure {
    margin: 0;
    min-width: 0;
  }
  figcaption {
    font-weight: 600;
    margin-bottom: 4px;
  }
  /* Each preview in its own scheme, whatever the console's: the widget's form
     controls follow color-scheme, and its danger color is the one it uses in that scheme. */
  tickets-portal[data-scheme='light'] {
    color-scheme: light;
    --tp-danger: #b91c1c;
  }
  tickets-portal[data-scheme='dark'] {
    color-scheme: dark;
    --tp-danger: #fca5a5;
  }
`;
