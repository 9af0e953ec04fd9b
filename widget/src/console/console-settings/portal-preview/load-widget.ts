// Both previews show the real customer widget. The console loads the bundle
// the server sends to host pages (/widget/tickets-portal.js) rather than
// bundling the widget's views from source: the console's own bundle stays as
// it is (its budget), the admin sees exactly what customers get, and the widget
// keeps its own Lit and contexts (its panel bundle is loaded by the widget itself).

let loading: Promise<void> | undefined;

/** Defines <tickets-portal> from the server at `base` (once; already defined: nothing to do). */
export function loadWidget(base: string): Promise<void> {
  if (customElements.get('tickets-portal')) return Promise.resolve();
  loading ??= new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `${base.replace(/\/+$/, '')}/widget/tickets-portal.js`;
    script.async = true;
    script.onload = () => resolve();
    script.onerror = () => {
      // The next attempt (Try again) adds the script anew.
      script.remove();
      loading = undefined;
      reject(new Error('widget bundle'));
    };
    document.head.append(script);
  });
  return loading;
}
