import { css } from 'lit';

/** The portals list: a table that folds into cards on phones, and the create form. */
export default css`
  .tag {
    font-size: 0.85em;
    border: 1px solid var(--tp-border);
    border-radius: 4px;
    padding: 0 6px;
    white-space: nowrap;
  }
  .tag.off {
    border-color: var(--tp-danger);
    color: var(--tp-danger);
  }
  td.actions {
    white-space: nowrap;
    text-align: end;
  }
  .empty {
    padding: 16px;
    border: 1px dashed var(--tp-border);
    border-radius: var(--tp-radius);
  }
  form.create {
    margin-top: 24px;
    max-width: 40rem;
  }
  .fields {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0 12px;
  }
  .kinds label.check {
    display: inline-flex;
    margin-inline-end: 16px;
  }
  @media (max-width: 600px) {
    .fields {
      grid-template-columns: 1fr;
    }
    thead {
      display: none;
    }
    tr {
      display: grid;
      grid-template-columns: 1fr auto;
      border-bottom: 1px solid var(--tp-border);
      padding: 6px 0;
    }
    td {
      border: 0;
      padding: 2px 4px;
    }
    td.actions {
      grid-column: 1 / -1;
      text-align: start;
    }
  }
`;
