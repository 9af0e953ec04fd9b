import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(150px, 200px) 1fr;
    gap: 16px;
  }
  .layout.no-panel,
  .layout.compact {
    /* minmax(0, …): long content wraps instead of widening the panel */
    grid-template-columns: minmax(0, 1fr);
  }
  nav ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  nav button {
    width: 100%;
    text-align: left;
    background: none;
    color: inherit;
    padding: 6px 8px;
  }
  nav button[aria-current='true'] {
    background: var(--tp-secondary);
    color: var(--tp-secondary-text);
    font-weight: 600;
  }
  @media (max-width: 700px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
  }
  .compact nav ul {
    flex-direction: row;
    flex-wrap: wrap;
  }
  .compact nav button {
    white-space: nowrap;
    width: auto;
  }
  /* On a phone the views are rows of tabs above the list, not a column before it. */
  @media (max-width: 700px) {
    nav ul {
      flex-direction: row;
      flex-wrap: wrap;
    }
    nav button {
      white-space: nowrap;
      width: auto;
    }
  }
  .tools {
    display: grid;
    grid-template-columns: 1fr auto auto;
    gap: var(--tp-space);
    align-items: end;
    margin-bottom: 12px;
  }
  .tools label {
    margin-top: 0;
  }
  ol {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li {
    border-bottom: 1px solid var(--tp-border);
  }
  li button {
    display: block;
    width: 100%;
    text-align: left;
    background: none;
    color: inherit;
    border-radius: 0;
    padding: 10px 4px;
  }
  li button:hover {
    background: var(--tp-surface);
  }
  .title {
    font-weight: 600;
    display: block;
    overflow-wrap: anywhere;
  }
  .meta {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 10px;
    align-items: center;
    font-size: 0.875em;
    margin-top: 2px;
  }
  .head {
    display: flex;
    justify-content: space-between;
    align-items: center;
    gap: var(--tp-space);
    margin-bottom: var(--tp-space);
  }
  .state {
    padding: 24px 0;
    text-align: center;
  }
`;
