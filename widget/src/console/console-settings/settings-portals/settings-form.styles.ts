import { css } from 'lit';

/**
 * Shared by the portals list and the portal tabs of this change (access,
 * detail panel, views, embedding): checkbox rows with a one-line explanation,
 * fieldsets, the save bar and confirmations.
 */
export default css`
  :host {
    display: block;
  }
  a {
    color: inherit;
  }
  fieldset {
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    margin: 0 0 16px;
    padding: 8px 14px 12px;
    min-width: 0;
  }
  legend {
    font-weight: 600;
    padding: 0 4px;
  }
  label.check {
    display: flex;
    gap: 8px;
    align-items: baseline;
    margin: 8px 0 0;
  }
  label.check > span {
    display: grid;
    gap: 2px;
  }
  label.check small,
  .hint {
    font-weight: 400;
    color: var(--tp-muted);
    font-size: 0.9em;
  }
  .warning {
    border-left: 4px solid var(--tp-danger);
    padding: 6px 10px;
    margin: 8px 0;
    background: var(--tp-surface);
  }
  .save {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 12px;
    align-items: center;
  }
  .save p {
    margin: 0;
  }
  button.danger {
    background: var(--tp-danger);
    color: var(--tp-body);
  }
  [aria-invalid='true'] {
    border-color: var(--tp-danger);
  }
  table {
    width: 100%;
    border-collapse: collapse;
  }
  th,
  td {
    text-align: start;
    padding: 6px;
    border-bottom: 1px solid var(--tp-border);
    vertical-align: middle;
    overflow-wrap: anywhere;
  }
  th {
    overflow-wrap: normal;
    font-size: 0.85em;
    color: var(--tp-muted);
    font-weight: 600;
  }
  pre {
    background: var(--tp-surface);
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    padding: 8px 10px;
    overflow-x: auto;
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    font-size: 0.85em;
    margin: 6px 0;
  }
  dialog {
    max-width: min(32rem, calc(100vw - 32px));
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    background: var(--tp-body);
    color: var(--tp-text);
  }
`;
