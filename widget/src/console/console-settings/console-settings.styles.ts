import { css } from 'lit';

/** The settings shell: its navigation beside the page (above it on phones), and a portal's header and tabs. */
export default css`
  :host {
    display: block;
  }
  a {
    color: inherit;
  }
  .layout {
    display: grid;
    grid-template-columns: 12rem minmax(0, 1fr);
    gap: 24px;
  }
  nav.pages ul,
  nav.tabs ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  nav.pages a {
    display: block;
    padding: 6px 10px;
    border-radius: var(--tp-radius);
    text-decoration: none;
  }
  nav.pages a:hover {
    background: var(--tp-surface);
  }
  nav.pages a[aria-current='page'] {
    background: var(--tp-surface);
    font-weight: 600;
    box-shadow: inset 3px 0 0 var(--tp-main);
  }
  nav.tabs ul {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 2px;
    border-bottom: 1px solid var(--tp-border);
    margin-bottom: 16px;
  }
  nav.tabs a {
    display: block;
    padding: 6px 10px;
    text-decoration: none;
    border-bottom: 2px solid transparent;
  }
  nav.tabs a[aria-current='page'] {
    border-bottom-color: var(--tp-main);
    font-weight: 600;
  }
  .portal-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 4px 12px;
    margin-bottom: 8px;
  }
  .portal-head h2 {
    margin: 0;
  }
  .tag {
    font-size: 0.8em;
    border: 1px solid var(--tp-border);
    border-radius: 4px;
    padding: 0 6px;
  }
  .tag.disabled {
    border-color: var(--tp-danger);
    color: var(--tp-danger);
  }
  .muted {
    color: var(--tp-muted);
  }
  @media (max-width: 720px) {
    .layout {
      grid-template-columns: minmax(0, 1fr);
      gap: 12px;
    }
    nav.pages ul {
      display: flex;
      flex-wrap: wrap;
      gap: 4px;
    }
    nav.pages a[aria-current='page'] {
      box-shadow: inset 0 -3px 0 var(--tp-main);
    }
  }
`;
