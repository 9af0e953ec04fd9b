import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError } from '../../../api/client.js';
import { icon } from '../../../shared/icons.js';
import { inert } from '../../../shared/tp-element.js';
import { AdminElement } from '../../admin-kit/admin-kit.js';
import type { AdminPortal } from '../settings-api.js';
import {
  catalogApi,
  moved,
  suggestKey,
  type CustomField,
  type FieldKind,
  type TicketType,
} from './settings-catalog-api.js';
import { catalogText, type CatalogKey } from './settings-catalog-strings.js';

const KINDS: FieldKind[] = ['text', 'long_text', 'number', 'percent', 'date', 'select', 'checkbox'];
/** What the server accepts as keys (types may use `-`, fields not). */
const KEY = { type: /^[a-z0-9_-]{1,40}$/, field: /^[a-z0-9_]{1,40}$/ };
type What = keyof typeof KEY;

/** The type or field being edited (`id` null: a new one) or deleted (`count`: tickets holding its values, once the server said). */
interface Target {
  what: What;
  id: string | null;
  count?: number;
}

/**
 * Ticket types and custom fields (issue 11): create, edit, reorder (buttons,
 * so the keyboard does it too), delete after a confirmation. A type says
 * which portals show it (each portal's visible types); a field says its kind,
 * its options when it is a select, and which types use it. Deleting a field
 * that holds values asks a second time with the count the server gives.
 *
 * @summary The admins' types and fields page.
 */
export class TpSettingsCatalog extends AdminElement {
  static override styles = [
    ...AdminElement.styles,
    css`
      section {
        margin-bottom: 24px;
      }
      li > form {
        flex-basis: 100%;
      }
      .opt {
        display: flex;
        gap: 4px;
        margin: 4px 0;
      }
      .opt input {
        flex: 1;
      }
      code {
        font-size: 0.9em;
      }
    `,
  ];

  @state() private types: TicketType[] | null = null;
  @state() private fields: CustomField[] = [];
  @state() private portals: AdminPortal[] = [];
  @state() private error = '';
  @state() private editing: Target | null = null;
  @state() private confirming: Target | null = null;
  @state() private actionError = '';
  @state() private keyError = '';
  @state() private status = '';
  /** The form's key while it follows the name (until the admin types one). */
  @state() private draftKey = '';
  @state() private draftKind: FieldKind = 'text';
  @state() private options: string[] = [];
  private keyTouched = false;

  private get calls() {
    return this.api && catalogApi(this.api);
  }

  private tc(key: CatalogKey, params?: Record<string, string | number>): string {
    return catalogText(this.session.locale, key, params);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api) void this.load();
  }

  private async load(): Promise<void> {
    const calls = this.calls;
    if (!calls) return;
    this.error = '';
    try {
      const [types, fields, portals] = await Promise.all([calls.types(), calls.fields(), calls.portals()]);
      this.types = types.items;
      this.fields = fields.items;
      this.portals = portals.items;
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  private async act(run: () => Promise<void>): Promise<boolean> {
    this.actionError = '';
    this.status = '';
    try {
      await run();
      return true;
    } catch (err) {
      this.actionError = this.consoleFailure(err);
      return false;
    }
  }

  private edit(target: Target | null, key = '', kind: FieldKind = 'text', options: string[] = []): void {
    this.editing = target;
    this.confirming = null;
    this.actionError = this.keyError = '';
    this.draftKey = key;
    this.keyTouched = !!target?.id;
    this.draftKind = kind;
    this.options = [...options];
    if (target) void this.focusAfterRender('form input');
  }

  private handleName(e: InputEvent, what: What): void {
    if (!this.keyTouched) this.draftKey = suggestKey((e.target as HTMLInputElement).value, what === 'type' ? '-' : '_');
  }

  private handleKey(e: InputEvent): void {
    this.keyTouched = true;
    this.draftKey = (e.target as HTMLInputElement).value;
  }

  /** The key checked here first, in the admin's words; false (and focus on it) when it is not one the server takes. */
  private keyOk(form: HTMLFormElement, what: What): boolean {
    const input = form.querySelector<HTMLInputElement>('[name=key]');
    if (!input || input.readOnly || KEY[what].test(input.value)) return true;
    this.keyError = this.tc('keyInvalid', { sep: what === 'type' ? '-, _' : '_' });
    input.focus();
    return false;
  }

  private async saveType(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const calls = this.calls;
    const id = this.editing?.id;
    if (!calls || !this.keyOk(form, 'type')) return;
    const data = new FormData(form);
    const body = { name: String(data.get('name')).trim(), key: String(data.get('key')) };
    const shown = new Set(data.getAll('portal').map(String));
    const ok = await this.act(async () => {
      const type = id ? await calls.updateType(id, body) : await calls.createType(body);
      this.types = id ? this.types!.map((t) => (t.id === id ? type : t)) : [...this.types!, type];
      // Each portal lists the types it shows: only the portals whose answer changed are saved.
      for (const portal of this.portals) {
        const has = portal.config.visibleTypeIds.includes(type.id);
        if (has === shown.has(portal.slug)) continue;
        const ids = has
          ? portal.config.visibleTypeIds.filter((t) => t !== type.id)
          : [...portal.config.visibleTypeIds, type.id];
        const saved = await calls.setPortalTypes(portal.slug, ids);
        this.portals = this.portals.map((p) => (p.slug === saved.slug ? saved : p));
      }
      this.status = this.ct('saved');
    });
    if (ok) this.edit(null);
  }

  private async saveField(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const calls = this.calls;
    const id = this.editing?.id;
    if (!calls || !this.keyOk(form, 'field')) return;
    const data = new FormData(form);
    const typeIds = data.getAll('type').map(String);
    const options = this.options.map((o) => o.trim()).filter(Boolean);
    if (this.draftKind === 'select' && options.length === 0) {
      this.actionError = this.tc('needOptions');
      return;
    }
    const body = {
      label: String(data.get('name')).trim(),
      type: this.draftKind,
      options: this.draftKind === 'select' ? options : null,
      typeIds: typeIds.length ? typeIds : null,
      required: data.has('required'),
    };
    const ok = await this.act(async () => {
      if (id) {
        const field = await calls.updateField(id, body);
        this.fields = this.fields.map((f) => (f.id === id ? field : f));
      } else {
        this.fields = [...this.fields, await calls.createField({ ...body, key: String(data.get('key')) })];
      }
      this.status = this.ct('saved');
    });
    if (ok) this.edit(null);
  }

  private async move(what: What, index: number, by: -1 | 1): Promise<void> {
    const calls = this.calls;
    if (!calls) return;
    const list: (TicketType | CustomField)[] = what === 'type' ? this.types! : this.fields;
    const next = moved(list, index, by);
    const id = list[index]!.id;
    await this.act(async () => {
      for (const [i, item] of next.entries()) {
        if (list[i]?.id === item.id && list[i]?.position === item.position) continue;
        if (what === 'type') await calls.updateType(item.id, { position: item.position });
        else await calls.updateField(item.id, { position: item.position });
      }
      if (what === 'type') this.types = next as TicketType[];
      else this.fields = next as CustomField[];
    });
    // The moved item keeps the focus (on the other button when it reached an end).
    const at = index + by;
    const end = at === 0 || at === next.length - 1;
    void this.focusAfterRender(
      `[data-id="${id}"] [data-move="${end ? (by < 0 ? 'down' : 'up') : by < 0 ? 'up' : 'down'}"]`,
    );
  }

  private async deleteItem(target: Target, name: string): Promise<void> {
    const calls = this.calls;
    const id = target.id;
    if (!calls || !id) return;
    this.actionError = '';
    try {
      if (target.what === 'type') {
        await calls.deleteType(id);
        this.types = this.types!.filter((t) => t.id !== id);
        // Portals stop showing a deleted type: their lists are read again.
        this.portals = (await calls.portals()).items;
      } else {
        await calls.deleteField(id, target.count !== undefined);
        this.fields = this.fields.filter((f) => f.id !== id);
      }
      this.confirming = null;
      this.status = this.tc('deleted', { name });
    } catch (err) {
      // A field holding values: the server says how many tickets; the admin is asked again, with that count.
      const count = err instanceof ApiError && err.status === 409 && target.what === 'field' && /\d+/.exec(err.message);
      if (count && target.count === undefined) this.confirming = { ...target, count: Number(count[0]) };
      else {
        this.confirming = null;
        this.actionError = this.consoleFailure(err);
      }
    }
  }

  private renderKey(what: What, id: string | null) {
    const sep = what === 'type' ? '-, _' : '_';
    const fixed = what === 'field' && !!id;
    return html`<label for="c-key">${this.tc('key')}</label>
      <input
        id="c-key"
        name="key"
        required
        maxlength="40"
        spellcheck="false"
        autocomplete="off"
        ?readonly=${fixed}
        .value=${this.draftKey}
        aria-invalid=${this.keyError ? 'true' : 'false'}
        aria-describedby="c-key-hint"
        @input=${this.handleKey}
      />
      <p class="hint" id="c-key-hint">${fixed ? this.tc('keyFixed') : this.tc('keyHint', { sep })}</p>
      ${this.errorLine(this.keyError)}`;
  }

  private formFrame(what: What, title: string, name: string, body: TemplateResult) {
    return html`<form class="box" aria-label=${title} @submit=${what === 'type' ? this.saveType : this.saveField}>
      <h3>${title}</h3>
      <label for="c-name">${this.kt('name')}</label>
      <input
        id="c-name"
        name="name"
        required
        maxlength=${what === 'type' ? 120 : 200}
        .value=${name}
        @input=${(e: InputEvent) => this.handleName(e, what)}
      />
      ${this.renderKey(what, this.editing?.id ?? null)} ${body} ${this.errorLine(this.actionError)}
      <div class="actions">
        <button class="primary">${this.editing?.id ? this.ct('save') : this.kt('create')}</button>
        <button type="button" @click=${() => this.edit(null)}>${this.kt('cancel')}</button>
      </div>
    </form>`;
  }

  private typeForm(type?: TicketType) {
    const title = type ? this.tc('editType', { name: inert(type.name) }) : this.tc('newType');
    return this.formFrame(
      'type',
      title,
      type?.name ?? '',
      html`<fieldset>
        <legend>${this.tc('shownOn')}</legend>
        ${
          this.portals.length
            ? this.portals.map(
                (p) => html`<label class="check">
                  <input type="checkbox" name="portal" value=${p.slug} ?checked=${!!type && p.config.visibleTypeIds.includes(type.id)} />
                  ${inert(p.config.name)}
                </label>`,
              )
            : html`<p class="muted">${this.tc('noPortals')}</p>`
        }
      </fieldset>`,
    );
  }

  private optionsEditor() {
    const opts = this.options;
    const change = (next: string[], focus?: string) => {
      this.options = next;
      if (focus) void this.focusAfterRender(focus);
    };
    return html`<fieldset>
      <legend>${this.tc('options')}</legend>
      ${opts.map((o, i) => {
        const label = this.tc('option', { n: i + 1 });
        return html`<div class="opt" data-id=${`opt-${i}`}>
          <input
            aria-label=${label}
            maxlength="200"
            .value=${o}
            @input=${(e: InputEvent) => (opts[i] = (e.target as HTMLInputElement).value)}
          />
          ${this.moveButtons(label, i, opts.length, (by) =>
            change(
              moved(
                opts.map((v, j) => ({ id: v, position: j })),
                i,
                by,
              ).map((v) => v.id),
              `[data-id="opt-${i + by}"] input`,
            ),
          )}
          <button
            type="button"
            class="icon-only"
            aria-label=${this.kt('removeNamed', { name: label })}
            @click=${() =>
              change(
                opts.filter((_, j) => j !== i),
                '.opt input, .opt + button',
              )}
          >
            ${icon('close')}
          </button>
        </div>`;
      })}
      <button type="button" @click=${() => change([...opts, ''], `[data-id="opt-${opts.length}"] input`)}>
        ${this.tc('addOption')}
      </button>
    </fieldset>`;
  }

  private fieldForm(field?: CustomField) {
    const title = field ? this.tc('editField', { name: inert(field.label) }) : this.tc('newField');
    return this.formFrame(
      'field',
      title,
      field?.label ?? '',
      html`<label for="c-kind">${this.tc('kind')}</label>
        <select id="c-kind" @change=${(e: Event) => (this.draftKind = (e.target as HTMLSelectElement).value as FieldKind)}>
          ${KINDS.map((k) => html`<option value=${k} ?selected=${k === this.draftKind}>${this.tc(`kind.${k}`)}</option>`)}
        </select>
        ${this.draftKind === 'select' ? this.optionsEditor() : nothing}
        <fieldset>
          <legend>${this.tc('usedBy')}</legend>
          <p class="hint">${this.tc('allTypesHint')}</p>
          ${this.types!.map(
            (t) => html`<label class="check">
              <input type="checkbox" name="type" value=${t.id} ?checked=${!!field?.typeIds?.includes(t.id)} />
              ${inert(t.name)}
            </label>`,
          )}
        </fieldset>
        <label class="check"><input type="checkbox" name="required" ?checked=${!!field?.required} /> ${this.tc('required')}</label>`,
    );
  }

  /** One type or field in its list: what it is, its tools, and its confirmation or form when open. */
  private row(what: What, item: TicketType | CustomField, index: number, count: number, about: TemplateResult) {
    const name = inert('label' in item ? item.label : item.name);
    const isEditing = this.editing?.what === what && this.editing.id === item.id;
    const confirming = this.confirming?.what === what && this.confirming.id === item.id ? this.confirming : null;
    const confirmText = !confirming
      ? ''
      : confirming.count === undefined
        ? this.tc(what === 'type' ? 'confirmType' : 'confirmField', { name })
        : this.tc(confirming.count === 1 ? 'fieldValuesOne' : 'fieldValues', { name, count: confirming.count });
    return html`<li data-id=${item.id}>
      <span class="grow"><strong>${name}</strong> <code class="sub">${item.key}</code><br />${about}</span>
      <span class="tools">
        ${this.moveButtons(name, index, count, (by) => this.move(what, index, by))}
        <button
          type="button"
          @click=${() =>
            'label' in item
              ? this.edit({ what, id: item.id }, item.key, item.type, item.options ?? [])
              : this.edit({ what, id: item.id }, item.key)}
        >
          ${this.verb('edit', name)}
        </button>
        <button type="button" @click=${() => (this.confirming = { what, id: item.id })}>
          ${this.verb('delete', name)}
        </button>
      </span>
      ${
        confirming
          ? this.confirmBox(
              confirmText,
              this.kt('delete'),
              () => this.deleteItem(confirming, name),
              () => (this.confirming = null),
            )
          : nothing
      }
      ${isEditing ? ('label' in item ? this.fieldForm(item) : this.typeForm(item)) : nothing}
    </li>`;
  }

  private section(what: What, list: (TicketType | CustomField)[], about: (item: never) => TemplateResult) {
    const [title, intro, empty, add] = (
      what === 'type'
        ? ['types', 'typesIntro', 'noTypes', 'newType']
        : ['fields', 'fieldsIntro', 'noFields', 'newField']
    ) as CatalogKey[];
    const creating = this.editing?.what === what && this.editing.id === null;
    return html`<section aria-labelledby=${`${what}-h`}>
      <h3 id=${`${what}-h`}>${this.tc(title!)}</h3>
      <p class="muted">${this.tc(intro!)}</p>
      ${
        list.length
          ? html`<ul class="ruled">${list.map((item, i) => this.row(what, item, i, list.length, about(item as never)))}</ul>`
          : html`<p class="muted">${this.tc(empty!)}</p>`
      }
      ${
        creating
          ? what === 'type'
            ? this.typeForm()
            : this.fieldForm()
          : html`<p><button type="button" class="primary" @click=${() => this.edit({ what, id: null })}>${this.tc(add!)}</button></p>`
      }
    </section>`;
  }

  override render() {
    const types = this.types;
    const typeName = (id: string) => inert(types?.find((t) => t.id === id)?.name ?? id);
    return html`<h2>${this.tc('title')}</h2>
      <p role="status">${this.status}</p>
      ${this.editing ? nothing : this.errorLine(this.actionError)}
      ${
        this.error
          ? html`<div role="alert"><p class="error">${this.error}</p><button type="button" @click=${() => this.load()}>${this.ct('retry')}</button></div>`
          : !types
            ? html`<p class="muted" role="status">${this.tc('loading')}</p>`
            : html`${this.section('type', types, (t: TicketType) => {
                const names = this.portals
                  .filter((p) => p.config.visibleTypeIds.includes(t.id))
                  .map((p) => inert(p.config.name));
                return html`<span class="sub">${this.tc('shownOn')}: ${names.length ? names.join(', ') : this.tc('shownNowhere')}</span>`;
              })}
              ${this.section(
                'field',
                this.fields,
                (f: CustomField) =>
                  html`<span class="sub"
                    >${this.tc(`kind.${f.type}`)} · ${f.typeIds ? f.typeIds.map(typeName).join(', ') : this.tc('allTypes')}</span
                  >`,
              )}`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-settings-catalog': TpSettingsCatalog;
  }
}
