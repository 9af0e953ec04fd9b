/**
 * Registers a custom element unless the tag is taken: the script may be pasted
 * twice on a host page, and a second `define` would throw.
 */
export function define(tag: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, ctor);
}
