import { css } from 'lit';

/** The detail panel's table: a grip to drag by, the row being dragged and the one it would land on. */
export default css`
  tr[draggable='true'] {
    cursor: grab;
  }
  tr.dragging {
    opacity: 0.5;
  }
  tr.over td {
    box-shadow: inset 0 2px 0 var(--tp-main);
  }
  .grip {
    color: var(--tp-muted);
    margin-inline-end: 4px;
  }
  td.actions {
    white-space: nowrap;
  }
  td.actions button {
    width: 32px;
    min-height: 32px;
    background: none;
    border-color: var(--tp-border);
  }
  .add {
    margin: 16px 0;
    max-width: 32rem;
  }
  .add select {
    flex: 1;
    width: auto;
  }
`;
