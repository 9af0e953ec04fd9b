/**
 * Whether this page lets images load from blob: URLs. A host page whose CSP
 * lacks `img-src blob:` blocks them (a broken image). Each thumbnail that
 * fails (`error` on its img: that CSP, or a file that is not a real image)
 * falls back to a chip with the file's icon, name and size; once the page's
 * CSP is seen to refuse a blob: image, no thumbnail is tried again (each try
 * would be one more violation on the host's reports, and a download for
 * nothing).
 */
let blocked = false;

document.addEventListener('securitypolicyviolation', (e) => {
  if (e.effectiveDirective === 'img-src' && e.blockedURI.startsWith('blob')) blocked = true;
});

export const blobImagesBlocked = (): boolean => blocked;
