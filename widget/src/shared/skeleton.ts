import { css, html } from 'lit';

/**
 * The shape of what is loading (a title, a few lines, a box, or `rows` list
 * rows), shimmering, with `label` ("Loading…") for screen readers.
 */
export function skeleton(label: string, rows = 0) {
  return html`<div class="skeleton" role="status" aria-busy="true">
    <span class="sr-only">${label}</span>
    ${
      rows
        ? Array.from({ length: rows }, () => html`<div class="bone row"></div>`)
        : html`<div class="bone title"></div>
          <div class="bone"></div>
          <div class="bone short"></div>
          <div class="bone block"></div>`
    }
  </div>`;
}

export const skeletonStyles = css`
  .bone {
    height: 14px;
    margin: 10px 0;
    border-radius: 6px;
    background: linear-gradient(90deg, var(--tp-surface) 25%, var(--tp-border) 50%, var(--tp-surface) 75%) 0 0 / 200% 100%;
    animation: tp-shimmer 1.4s linear infinite;
  }
  .bone.title {
    height: 24px;
    width: 60%;
  }
  .bone.short {
    width: 40%;
  }
  .bone.block {
    height: 120px;
  }
  .bone.row {
    height: 52px;
  }
  @keyframes tp-shimmer {
    to {
      background-position: -200% 0;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .bone {
      animation: none;
    }
  }
`;
