import { css } from 'lit';

export default css`
  :host {
    display: block;
    background: none;
  }
  :host([hidden]) {
    display: none;
  }
  :host([mode='fullscreen']) {
    position: fixed;
    inset: 0;
    overflow: auto;
    background: var(--tp-body);
  }
  :host([mode='inline']) {
    border: 1px solid var(--tp-border);
    border-radius: var(--tp-radius);
    background: var(--tp-body);
    overflow: hidden;
  }
  .launcher {
    position: fixed;
    right: 20px;
    bottom: 20px;
    z-index: var(--tp-z);
    border-radius: 999px;
    padding: 10px 18px;
    min-height: 44px;
    box-shadow: 0 4px 14px rgb(0 0 0 / 25%);
    font-weight: 600;
  }
  dialog {
    position: fixed;
    inset: auto 20px 20px auto;
    margin: 0;
    padding: 0;
    width: min(var(--tp-panel-width), calc(100vw - 40px));
    height: min(680px, calc(100dvh - 40px));
    max-width: none;
    max-height: none;
    border: 1px solid var(--tp-border);
    border-radius: calc(var(--tp-radius) * 1.5);
    background: var(--tp-body);
    color: var(--tp-text);
    box-shadow: 0 12px 40px rgb(0 0 0 / 30%);
    overflow: hidden;
  }
  dialog::backdrop {
    background: rgb(0 0 0 / 20%);
  }
  @media (max-width: 520px) {
    dialog {
      inset: 0;
      width: 100vw;
      height: 100dvh;
      border-radius: 0;
      border: 0;
    }
  }
  .shell {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: 0;
  }
  :host([mode='inline']) .shell {
    min-height: 480px;
  }
  header {
    display: flex;
    align-items: center;
    gap: var(--tp-space);
    padding: 8px 12px;
    background: var(--tp-main);
    color: var(--tp-main-text);
  }
  header h1 {
    font-size: 1.05em;
    margin: 0;
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  header img {
    height: 28px;
    width: auto;
    display: block;
  }
  header button {
    background: none;
    color: inherit;
  }
  header button:hover {
    background: rgb(127 127 127 / 25%);
  }
  header .icon {
    width: 22px;
    height: 22px;
  }
  main,
  .main {
    flex: 1;
    overflow: auto;
    padding: 12px;
    min-height: 0;
  }
  /* A view whose code is still on its way (the panel bundle): the shape of a page, not a blank. */
  main > :not(:defined),
  .main > :not(:defined) {
    display: block;
    height: 220px;
    border-radius: var(--tp-radius);
    background: linear-gradient(var(--tp-surface) 0 28px, transparent 28px 44px, var(--tp-surface) 44px 60px, transparent 60px 76px, var(--tp-surface) 76px);
  }
  :host([mode='fullscreen']) main {
    width: 100%;
    max-width: 1100px;
    margin: 0 auto;
    padding: 16px;
  }
  .unavailable {
    display: grid;
    justify-items: center;
    gap: 8px;
    text-align: center;
    padding: 48px 16px;
    max-width: 36ch;
    margin: 0 auto;
  }
  .unavailable .mark {
    display: grid;
    place-items: center;
    width: 48px;
    height: 48px;
    border-radius: 50%;
    background: var(--tp-surface);
    color: var(--tp-muted);
  }
  .unavailable p {
    margin: 0;
  }
  .unavailable .title {
    font-weight: 600;
  }
`;
