import { css } from 'lit';

/** A bare list ruled above and between its items (`<ul class="ruled">`): the inbox's tickets, the people pages' lists. */
export const ruledList = css`
  ul.ruled {
    list-style: none;
    margin: 0;
    padding: 0;
    border-top: 1px solid var(--tp-border);
  }
  ul.ruled li {
    border-bottom: 1px solid var(--tp-border);
  }
`;
