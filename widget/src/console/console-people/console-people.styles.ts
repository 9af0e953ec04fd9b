import { css } from 'lit';
import { ruledList } from '../ruled-list.styles.js';

/** Shared by the people list, a person's page and an organization's page. */
export default css`
  :host {
    display: block;
  }
  /* Links in the text's own color, underlined, as in the shell (the browser's blue and purple read badly in the dark). */
  a {
    color: inherit;
  }
  .bar {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 8px;
    align-items: end;
    margin-bottom: 12px;
  }
  .bar label {
    margin: 0 0 2px;
    font-size: 0.85em;
  }
  .columns {
    display: grid;
    grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
    gap: 24px;
  }
  ${ruledList}
  ul.items a {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 2px 12px;
    padding: 8px 6px;
    color: inherit;
    text-decoration: none;
  }
  ul.items a:hover {
    background: var(--tp-surface);
  }
  .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .sub {
    color: var(--tp-muted);
    font-size: 0.9em;
    overflow-wrap: anywhere;
  }
  .role {
    font-size: 0.8em;
    border: 1px solid var(--tp-border);
    border-radius: 4px;
    padding: 0 6px;
    align-self: center;
  }
  .state {
    padding: 12px 4px;
  }
  .more {
    margin: 8px 0;
  }
  dl.facts {
    display: grid;
    grid-template-columns: max-content minmax(0, 1fr);
    gap: 4px 16px;
    margin: 0 0 16px;
  }
  dl.facts dt {
    font-weight: 600;
  }
  dl.facts dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .edit {
    max-width: 420px;
    padding: 12px 16px;
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    background: var(--tp-surface);
    margin-bottom: 16px;
  }
  .edit h3 {
    margin-top: 0;
  }
  .edit .actions {
    display: flex;
    gap: 12px;
    align-items: center;
    margin-top: 12px;
  }
  .back {
    display: inline-block;
    margin-bottom: 8px;
    color: inherit;
  }
  @media (max-width: 720px) {
    .columns {
      grid-template-columns: 1fr;
    }
  }
`;
