import { css } from 'lit';

export default css`
  :host {
    display: block;
    margin-top: calc(var(--tp-space) * 2);
  }
  ul {
    list-style: none;
    padding: 0;
  }
  li {
    border-top: 1px solid var(--tp-border);
    padding: var(--tp-space) 0;
    overflow-wrap: anywhere;
  }
`;
