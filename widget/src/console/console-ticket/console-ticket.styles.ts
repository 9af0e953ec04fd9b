import { css } from 'lit';

export default css`
  :host {
    display: block;
  }
  .head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 4px 12px;
    margin-bottom: 8px;
  }
  .head h2 {
    margin: 0;
    flex: 1 1 320px;
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .back {
    display: inline-block;
    margin-bottom: 6px;
    color: inherit;
  }
  .meta {
    margin: 0 0 8px;
    font-size: 0.9em;
  }
  .presence {
    margin: 0 0 8px;
    padding: 6px 10px;
    border-radius: var(--tp-radius);
    border: 1px solid light-dark(#1d4ed8, #93c5fd);
    background: light-dark(#eff6ff, #172033);
  }
  .presence:empty {
    display: none;
  }
  .presence p {
    margin: 0;
  }
  .presence .warn {
    font-weight: 600;
  }
  .layout {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 16px;
  }
  /* Tablets: the conversation on top, the side sections two by two below. */
  @media (min-width: 600px) and (max-width: 899px) {
    aside {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      align-items: start;
    }
  }
  @media (min-width: 900px) {
    .layout {
      grid-template-columns: minmax(0, 1fr) minmax(280px, 340px);
      align-items: start;
    }
  }
  section.card,
  aside section {
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    padding: 10px 12px;
    background: var(--tp-body);
  }
  aside {
    display: flex;
    flex-direction: column;
    gap: 12px;
    min-width: 0;
  }
  ol.messages {
    list-style: none;
    padding: 0;
    margin: 0 0 12px;
    display: flex;
    flex-direction: column;
    gap: 10px;
  }
  .message {
    border: 1px solid var(--tp-border);
    border-left-width: 4px;
    border-radius: var(--tp-radius);
    padding: 8px 10px;
    background: var(--tp-body);
  }
  .message.staff {
    border-left-color: var(--tp-main);
    background: var(--tp-surface);
  }
  .message.internal {
    border: 1px dashed light-dark(#b45309, #f59e0b);
    border-left: 4px solid light-dark(#b45309, #f59e0b);
    background: light-dark(#fffbeb, #2a2110);
  }
  .message .who {
    display: flex;
    flex-wrap: wrap;
    gap: 2px 8px;
    align-items: baseline;
    font-size: 0.9em;
  }
  .message p.text {
    margin: 4px 0 0;
  }
  .badge.internal {
    background: light-dark(#b45309, #f59e0b);
    color: light-dark(#ffffff, #1c1917);
  }
  .badge.support {
    background: var(--tp-main);
    color: var(--tp-main-text);
  }
  .description {
    margin: 0 0 12px;
  }
  ul.files {
    list-style: none;
    padding: 0;
    margin: 4px 0 0;
  }
  .shortcuts {
    font-size: 0.85em;
    margin: 6px 0 0;
  }
  kbd {
    font: inherit;
    border: 1px solid var(--tp-border);
    border-radius: 4px;
    padding: 0 4px;
  }
`;
