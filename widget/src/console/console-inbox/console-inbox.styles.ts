import { css } from 'lit';
import { ruledList } from '../ruled-list.styles.js';

export default css`
  :host {
    display: block;
  }
  .top {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 4px 16px;
  }
  .hint {
    font-size: 0.85em;
  }
  nav ul {
    list-style: none;
    margin: 0 0 12px;
    padding: 0;
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  nav a {
    display: inline-flex;
    align-items: center;
    gap: 6px;
    padding: 4px 10px;
    min-height: 32px;
    border: 1px solid var(--tp-border);
    border-radius: 999px;
    color: inherit;
    text-decoration: none;
    background: var(--tp-body);
  }
  nav a[aria-current='page'] {
    background: var(--tp-main);
    color: var(--tp-main-text);
    border-color: var(--tp-main);
    font-weight: 600;
  }
  .count {
    font-size: 0.85em;
    font-variant-numeric: tabular-nums;
  }
  .bar {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto auto;
    gap: 8px;
    align-items: end;
  }
  .bar label,
  .filters label {
    margin: 0 0 2px;
    font-size: 0.85em;
  }
  details.filters {
    margin: 8px 0 12px;
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    padding: 6px 10px;
    background: var(--tp-surface);
  }
  details.filters summary {
    cursor: pointer;
    font-weight: 600;
    min-height: 28px;
    display: flex;
    align-items: center;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(140px, 1fr));
    gap: 8px;
    margin: 8px 0 4px;
  }
  .grid button {
    align-self: end;
  }
  ${ruledList}
  a.ticket {
    display: grid;
    grid-template-columns: auto minmax(0, 1fr) auto;
    gap: 2px 10px;
    padding: 8px 6px;
    color: inherit;
    text-decoration: none;
    border-left: 3px solid transparent;
  }
  a.ticket:hover {
    background: var(--tp-surface);
  }
  li.selected a.ticket {
    border-left-color: var(--tp-main);
    background: var(--tp-surface);
  }
  li.fresh a.ticket .num::after {
    content: '';
    display: inline-block;
    width: 8px;
    height: 8px;
    margin-left: 4px;
    border-radius: 50%;
    background: var(--tp-main);
    vertical-align: middle;
  }
  .num {
    color: var(--tp-muted);
    font-variant-numeric: tabular-nums;
  }
  .title {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  .badges {
    display: flex;
    gap: 6px;
    align-items: center;
    justify-self: end;
  }
  .meta {
    grid-column: 2 / 4;
    display: flex;
    flex-wrap: wrap;
    gap: 2px 12px;
    font-size: 0.85em;
    color: var(--tp-muted);
  }
  .tag {
    font-size: 0.8em;
    border: 1px solid var(--tp-border);
    border-radius: 4px;
    padding: 0 4px;
  }
  .state {
    padding: 16px 4px;
  }
  .more {
    margin: 12px 0;
    text-align: center;
  }
  @media (max-width: 640px) {
    .bar {
      grid-template-columns: 1fr 1fr;
    }
    .bar .search {
      grid-column: 1 / 3;
    }
    a.ticket {
      grid-template-columns: auto minmax(0, 1fr);
    }
    .badges {
      grid-column: 2;
      justify-self: start;
    }
    .meta {
      grid-column: 2;
    }
    /* One row of views that scrolls sideways, so the list starts on the first screen. */
    nav ul {
      flex-wrap: nowrap;
      overflow-x: auto;
      padding: 2px;
      margin: 0 -2px 8px;
      scrollbar-width: thin;
    }
    nav li {
      flex: none;
    }
    nav a {
      padding: 2px 8px;
      white-space: nowrap;
    }
    /* Phones have no keyboard to speak of. */
    .hint {
      display: none;
    }
  }
`;
