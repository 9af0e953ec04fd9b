import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .card {
    max-width: 400px;
    margin: 16px auto;
    padding: 8px 4px;
  }
  .brand {
    text-align: center;
    margin-bottom: 12px;
  }
  .brand img {
    max-height: 48px;
    max-width: 200px;
  }
  .mark {
    display: inline-grid;
    place-items: center;
    width: 48px;
    height: 48px;
    border-radius: 50%;
    background: var(--tp-main);
    color: var(--tp-main-text);
  }
  .mark .icon {
    width: 26px;
    height: 26px;
  }
  .brand p {
    margin: 6px 0 0;
  }
  h2 {
    text-align: center;
  }
  .or {
    text-align: center;
    margin: 12px 0 0;
  }
  .wide {
    width: 100%;
    margin-top: var(--tp-space);
  }
  input {
    min-height: 44px;
  }
  .code {
    font-size: 1.5em;
    letter-spacing: 0.4em;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
`;
