import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  ol {
    list-style: none;
    margin: 0 0 12px;
    padding: 0;
  }
  ol > li {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    margin-top: 12px;
  }
  ol > li.grouped {
    margin-top: 3px;
  }
  .text {
    margin: 0;
    max-width: min(85%, 68ch);
    padding: 8px 12px;
    border-radius: 14px;
    background: var(--tp-surface);
    border: 1px solid var(--tp-border);
  }
  .staff .text {
    border-left: 3px solid var(--tp-main);
  }
  .mine {
    align-items: flex-end;
  }
  .mine .text {
    background: color-mix(in srgb, var(--tp-main) 14%, var(--tp-body));
    border-color: transparent;
  }
  a {
    color: inherit;
    text-decoration: underline;
  }
  .who {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    align-items: baseline;
    font-size: 0.85em;
    margin: 0 4px 3px;
  }
  .tag {
    font-size: 0.85em;
    font-weight: 600;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--tp-main);
    color: var(--tp-main-text);
  }
  .actions {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--tp-space);
    margin-top: var(--tp-space);
  }
  .actions .attach {
    margin: 0;
  }
  /* The reply box stays at hand at the bottom of the page or panel, however long the conversation. */
  form {
    position: sticky;
    bottom: 0;
    z-index: 1;
    margin-top: 12px;
    padding: 6px 0 10px;
    background: var(--tp-body);
    border-top: 1px solid var(--tp-border);
  }
  form textarea {
    min-height: 64px;
  }
`;
