import { css } from 'lit';

/** Preview as customer: the search and its results; while previewing, the banner above the portal. */
export default css`
  :host {
    display: block;
  }
  .field input {
    max-width: 28rem;
  }
  .results {
    list-style: none;
    margin: 8px 0 0;
    padding: 0;
    max-width: 40rem;
  }
  .results li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 4px 12px;
    padding: 8px 0;
    border-bottom: 1px solid var(--tp-border);
  }
  .who {
    overflow-wrap: anywhere;
  }
  .banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 8px 16px;
    padding: 8px 12px;
    margin-bottom: 12px;
    border-radius: var(--tp-radius);
    border: 1px solid #b45309;
    background: color-mix(in srgb, #f59e0b 18%, var(--tp-body));
  }
  .banner p {
    margin: 0;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
`;
