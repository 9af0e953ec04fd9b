import { css } from 'lit';

/** The embedding tab: code blocks, the allowed sites' list, the keys' forms and the secret shown once. */
export default css`
  section {
    margin: 0 0 20px;
  }
  h4 {
    margin: 16px 0 4px;
  }
  ul.origins {
    list-style: none;
    margin: 8px 0;
    padding: 0;
  }
  ul.origins li {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 8px;
    border-bottom: 1px solid var(--tp-border);
    padding: 2px 0;
    overflow-wrap: anywhere;
  }
  .row input {
    flex: 1;
    width: auto;
    min-width: 0;
  }
  fieldset.inline {
    border: 0;
    padding: 0;
    margin: 4px 0;
  }
  fieldset.inline label.check {
    display: inline-flex;
    margin-inline-end: 16px;
  }
  td.actions {
    text-align: end;
  }
  td.actions span {
    display: block;
    margin-bottom: 4px;
  }
  form.keys {
    max-width: 36rem;
  }
  form.keys button {
    margin-top: 6px;
  }
  .secret pre {
    user-select: all;
  }
`;
