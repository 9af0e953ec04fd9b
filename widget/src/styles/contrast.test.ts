import { assert, equal } from '../../test/helpers.js';
import { AA_RATIO, contrastRatio, luminance } from './contrast.js';
import { readableOn } from './tokens.js';

const close = (a: number, b: number, what: string) => assert(Math.abs(a - b) < 0.01, `${what}: ${a} ≠ ${b}`);

describe('contrast (WCAG 2)', () => {
  it('gives the ends and known pairs', () => {
    close(luminance('#000000'), 0, 'black');
    close(luminance('#ffffff'), 1, 'white');
    close(contrastRatio('#000000', '#ffffff'), 21, 'black on white');
    close(contrastRatio('#ffffff', '#ffffff'), 1, 'white on white');
    // WebAIM's checker: #767676 on white is the lightest gray that passes AA (4.54:1).
    close(contrastRatio('#767676', '#ffffff'), 4.54, '#767676 on white');
    close(contrastRatio('#ffffff', '#2563eb'), 5.17, 'the default main text on main');
    equal(contrastRatio('#2563eb', '#ffffff'), contrastRatio('#ffffff', '#2563eb'), 'order does not matter');
  });

  it('warns where the widget’s own readable text falls short, and not elsewhere', () => {
    assert(contrastRatio(readableOn('#ffffff'), '#ffffff') >= AA_RATIO, 'text on white passes');
    assert(contrastRatio(readableOn('#111827'), '#111827') >= AA_RATIO, 'text on the dark body passes');
    // A mid gray: neither dark nor light text reaches 4.5:1 on it.
    assert(contrastRatio(readableOn('#767676'), '#767676') < AA_RATIO, 'text on mid gray fails');
  });
});
