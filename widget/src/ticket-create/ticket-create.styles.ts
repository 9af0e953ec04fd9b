import { css } from 'lit';

export default css`
  :host {
    display: block;
    /* A form reads best at the width of its longest answer, not of the screen. */
    max-width: 720px;
    margin: 0 auto;
  }
  .back {
    background: none;
    padding: 4px 8px 4px 0;
    font-weight: 600;
  }
  fieldset {
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    margin: var(--tp-space) 0;
    padding: 4px 10px 10px;
  }
  legend {
    font-weight: 600;
    padding: 0 4px;
  }
  .choice {
    display: flex;
    gap: var(--tp-space);
    align-items: center;
    font-weight: normal;
    margin: 6px 0 0;
  }
`;
