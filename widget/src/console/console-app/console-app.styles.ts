import { css } from 'lit';

export default css`
  :host {
    display: block;
    position: fixed;
    inset: 0;
    overflow: auto;
    background: var(--tp-body);
  }
  :host([hidden]) {
    display: none;
  }
  .shell {
    display: flex;
    flex-direction: column;
    min-height: 100%;
  }
  header {
    display: flex;
    align-items: center;
    flex-wrap: wrap;
    gap: 4px 12px;
    padding: 8px 16px;
    background: var(--tp-main);
    color: var(--tp-main-text);
  }
  header h1 {
    margin: 0;
    font-size: 1.1em;
    line-height: 1.3;
    flex: 1 1 auto;
    min-width: 0;
  }
  header h1 .sub {
    font-weight: 400;
  }
  .who {
    display: flex;
    flex-direction: column;
    align-items: flex-end;
    min-width: 0;
    max-width: 100%;
    line-height: 1.25;
  }
  .who span {
    max-width: 100%;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .who .email {
    font-size: 0.85em;
  }
  header select.locale {
    width: auto;
    background: none;
    color: inherit;
    border-color: currentColor;
    padding: 4px 8px;
  }
  header select.locale option {
    color: var(--tp-text);
    background: var(--tp-body);
  }
  header button {
    background: none;
    color: inherit;
    border-color: currentColor;
    padding: 4px 12px;
  }
  nav.sections {
    order: 4;
    flex: 1 1 100%;
    display: flex;
    /* Four sections in French do not fit a phone's width on one line. */
    flex-wrap: wrap;
    gap: 0 4px;
    margin: 0 -8px;
  }
  nav.sections a {
    color: inherit;
    text-decoration: none;
    padding: 4px 8px;
    border-bottom: 3px solid transparent;
    font-weight: 600;
  }
  nav.sections a[aria-current='page'] {
    border-bottom-color: currentColor;
  }
  nav.sections a:hover {
    text-decoration: underline;
  }
  header :focus-visible {
    outline-color: currentColor;
  }
  dialog {
    max-width: min(480px, calc(100vw - 32px));
    border: 1px solid var(--tp-border);
    border-radius: calc(var(--tp-radius) * 1.5);
    background: var(--tp-body);
    color: var(--tp-text);
    padding: 16px 20px;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 0.45);
  }
  dialog dl {
    margin: 0 0 16px;
  }
  dialog dl div {
    display: grid;
    grid-template-columns: 7em 1fr;
    gap: 8px;
    padding: 4px 0;
    border-bottom: 1px solid var(--tp-border);
  }
  dialog dt {
    white-space: nowrap;
  }
  dialog dd {
    margin: 0;
  }
  kbd {
    font-family: ui-monospace, monospace;
    border: 1px solid var(--tp-border);
    border-bottom-width: 2px;
    border-radius: 4px;
    padding: 0 5px;
    background: var(--tp-surface);
  }
  dialog form {
    text-align: right;
  }
  main {
    flex: 1;
    width: 100%;
    max-width: 1100px;
    margin: 0 auto;
    padding: 16px;
  }
  main:focus {
    outline: none;
  }
  .card {
    max-width: 420px;
    margin: 24px auto;
    padding: 16px;
    border: 1px solid var(--tp-border);
    border-radius: calc(var(--tp-radius) * 1.5);
    background: var(--tp-body);
  }
  .card > p {
    margin-top: 0;
  }
  .card > .hint {
    margin: 16px 0 0;
    padding-top: 12px;
    border-top: 1px solid var(--tp-border);
  }
  a {
    color: inherit;
  }
  @media (max-width: 520px) {
    header {
      padding: 8px 12px;
    }
    /* The title wraps rather than push "Sign out" onto a line of its own; who sits on the line below. */
    header h1 {
      flex: 1 1 50%;
    }
    /* The name and the language share the second line (too wide to join the first), so the title keeps the first with "Sign out". */
    .who {
      align-items: flex-start;
      order: 3;
      flex: 1 1 55%;
    }
    header select.locale {
      order: 3;
    }
    /* The name is enough on a phone (screen readers still hear the address): the list starts higher. */
    .who .email {
      display: none;
    }
    main {
      padding: 12px;
    }
    .card {
      margin: 8px auto;
      padding: 12px;
      border: 0;
    }
  }
`;
