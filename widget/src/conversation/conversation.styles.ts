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
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    padding: 8px 10px;
    margin-bottom: var(--tp-space);
  }
  ol > li.staff {
    background: var(--tp-surface);
  }
  .who {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 8px;
    font-size: 0.875em;
  }
  .files {
    list-style: none;
    margin: 4px 0 0;
    padding: 0;
  }
  progress {
    width: 100%;
  }
`;
