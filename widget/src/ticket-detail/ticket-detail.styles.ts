import { css } from 'lit';

export default css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .columns {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 8px 28px;
    align-items: start;
  }
  /* Wide: the conversation in the middle at a readable width, the ticket's facts in a column beside it. */
  @container (min-width: 760px) {
    .columns {
      grid-template-columns: minmax(0, 1fr) minmax(240px, 300px);
    }
    aside {
      position: sticky;
      top: 0;
      border-left: 1px solid var(--tp-border);
      padding-left: 20px;
    }
    aside > section:first-child {
      margin-top: 0;
    }
  }
  .main {
    margin-top: 0;
  }
  .rating {
    margin: 0 0 16px;
    padding: 12px 14px;
    border: 1px solid var(--tp-main);
    border-radius: var(--tp-radius);
  }
  .rating.done {
    display: flex;
    gap: 10px;
    align-items: flex-start;
    border-color: var(--tp-border);
  }
  .rating.done p {
    margin: 0;
  }
  .rating .choice[aria-pressed='true'] {
    background: var(--tp-main);
    color: var(--tp-main-text);
  }
  .rating textarea {
    min-height: 60px;
    margin-bottom: var(--tp-space);
  }
  .saved {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    font-size: 0.85em;
    color: var(--tp-muted);
  }

  .description {
    padding: 12px 14px;
    border-radius: var(--tp-radius);
    background: var(--tp-surface);
    margin: 0 0 4px;
  }
  .actions {
    display: flex;
    gap: var(--tp-space);
    margin-left: auto;
  }
  aside dl {
    grid-template-columns: minmax(90px, max-content) minmax(0, 1fr);
  }
  aside h3 {
    font-size: 0.8em;
    text-transform: uppercase;
    letter-spacing: 0.04em;
    color: var(--tp-muted);
  }
  .back {
    background: none;
    padding: 4px 8px 4px 0;
    font-weight: 600;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    gap: var(--tp-space);
    align-items: center;
    margin-bottom: var(--tp-space);
  }
  .top h2 {
    flex: 1 1 100%;
    overflow-wrap: anywhere;
  }
  section {
    margin-top: 18px;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(110px, max-content) 1fr;
    gap: 6px 12px;
    margin: 0;
  }
  dt {
    font-weight: 600;
  }
  dd {
    margin: 0;
    min-width: 0;
  }
  dd input,
  dd select {
    max-width: 260px;
  }
  ul {
    list-style: none;
    padding: 0;
    margin: 0 0 var(--tp-space);
  }
  li {
    display: flex;
    align-items: center;
    gap: var(--tp-space);
    padding: 4px 0;
    flex-wrap: wrap;
  }
  .inline-form {
    display: grid;
    grid-template-columns: 1fr auto;
    gap: var(--tp-space);
    align-items: end;
  }
  .time-form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(110px, 1fr));
    gap: var(--tp-space);
    align-items: end;
  }
  .time-form label,
  .inline-form label {
    margin-top: 0;
  }
  .combo {
    position: relative;
  }
  [role='listbox'] {
    position: absolute;
    z-index: 1;
    left: 0;
    right: 0;
    max-height: 220px;
    overflow: auto;
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    background: var(--tp-body);
  }
  [role='option'] {
    padding: 6px 8px;
    cursor: pointer;
  }
  [role='option']:hover,
  [aria-selected='true'] {
    background: var(--tp-secondary);
    color: var(--tp-secondary-text);
  }
`;
