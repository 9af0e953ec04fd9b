import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  :host {
    container-type: inline-size;
  }
  /* The list first, the views in a panel on its right (as the help-centre articles show it). */
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr) minmax(150px, 210px);
    gap: 20px;
    align-items: start;
  }
  .layout.no-panel {
    grid-template-columns: minmax(0, 1fr);
  }
  nav {
    border-left: 1px solid var(--tp-border);
    padding-left: 12px;
  }
  nav ul {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  nav li {
    border: 0;
  }
  nav button {
    width: 100%;
    text-align: left;
    background: none;
    color: inherit;
    padding: 6px 10px;
  }
  nav li button {
    display: flex;
    align-items: center;
    gap: 8px;
  }
  nav .label {
    flex: 1;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .count {
    font-size: 0.8em;
    font-variant-numeric: tabular-nums;
    color: var(--tp-muted);
  }
  nav button[aria-current='true'] .count {
    color: inherit;
  }
  nav button[aria-current='true'] {
    background: var(--tp-secondary);
    color: var(--tp-secondary-text);
    font-weight: 600;
  }
  .tools {
    display: grid;
    grid-template-columns: 1fr auto auto;
    gap: var(--tp-space);
    align-items: end;
    margin-bottom: 12px;
  }
  /* Wide: the panel holds the views. Narrow, or the small embedded panel: one picker among the tools. */
  .picker,
  .toggle {
    display: none;
  }
  .layout:not(.compact) .toggle {
    display: inline-grid;
  }
  .compact .picker,
  .compact.no-panel .picker {
    display: block;
  }
  .compact nav,
  .compact .toggle {
    display: none;
  }
  .layout.compact {
    grid-template-columns: minmax(0, 1fr);
  }
  /* Two rows: the search and the sort direction, then the views picker beside the sort picker (as
     wide as its longest choice), so a view's name and count ("Tous les tickets (99+)") stay whole at 360 px. */
  .compact .tools {
    grid-template-columns: minmax(0, 1fr) auto auto;
    grid-template-areas: 'search search dir' 'picker sort sort';
  }
  .compact .search {
    grid-area: search;
  }
  .compact .picker {
    grid-area: picker;
  }
  .compact .sort {
    grid-area: sort;
  }
  .compact .dir {
    grid-area: dir;
  }
  @container (max-width: 640px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
    }
    nav,
    .toggle,
    .layout:not(.compact) .toggle {
      display: none;
    }
    .picker {
      display: block;
    }
    .tools {
      grid-template-columns: minmax(0, 1fr) auto auto;
      grid-template-areas: 'search search dir' 'picker sort sort';
    }
    .search {
      grid-area: search;
    }
    .picker {
      grid-area: picker;
    }
    .sort {
      grid-area: sort;
    }
    .dir {
      grid-area: dir;
    }
  }
  .with-icon {
    position: relative;
    display: block;
  }
  .with-icon .icon {
    position: absolute;
    left: 9px;
    top: 50%;
    transform: translateY(-50%);
    color: var(--tp-muted);
    pointer-events: none;
  }
  .with-icon input {
    padding-left: 32px;
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
    align-items: center;
    gap: var(--tp-space);
    margin-bottom: var(--tp-space);
  }
  .head h2 {
    flex: 1;
    margin: 0;
  }
  .state {
    padding: 24px 0;
    text-align: center;
  }
`;
