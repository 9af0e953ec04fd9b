import { css, html, nothing, type PropertyValues } from 'lit';
import { state } from 'lit/decorators.js';
import { inert } from '../../../shared/tp-element.js';
import { AdminElement } from '../../admin-kit/admin-kit.js';
import type { TpPickEvent } from '../../admin-kit/people-picker.js';
import { projectsApi, type Follower, type Project, type ProjectDetail } from './settings-projects-api.js';
import { projectsText, type ProjectsKey } from './settings-projects-strings.js';

/**
 * Projects (issue 11): create, rename, delete (after a confirmation saying
 * what happens), and who follows each one, people or whole organizations
 * (added by search, removed by a button). One project is open at a time.
 *
 * @summary The admins' projects page.
 */
export class TpSettingsProjects extends AdminElement {
  static override styles = [
    ...AdminElement.styles,
    css`
      .row input {
        flex: 1 1 12rem;
        width: auto;
      }
      .detail {
        flex-basis: 100%;
      }
      h4 {
        margin: 12px 0 4px;
      }
    `,
  ];

  @state() private projects: Project[] | null = null;
  @state() private cursor: string | null = null;
  @state() private error = '';
  @state() private open: ProjectDetail | null = null;
  @state() private confirming = '';
  @state() private actionError = '';
  @state() private status = '';

  private get calls() {
    return this.api && projectsApi(this.api);
  }

  private pt(key: ProjectsKey, params?: Record<string, string | number>): string {
    return projectsText(this.session.locale, key, params);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('api') && this.api) void this.load();
  }

  private async load(more = false): Promise<void> {
    const calls = this.calls;
    if (!calls) return;
    this.error = '';
    try {
      const page = await calls.list(more ? this.cursor : null);
      this.projects = more ? [...(this.projects ?? []), ...page.items] : page.items;
      this.cursor = page.nextCursor;
    } catch (err) {
      this.error = this.failure(err);
    }
  }

  /** Runs an admin's change; its failure is shown by the project (or the form) it came from. */
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

  private async create(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const name = String(new FormData(form).get('name') ?? '').trim();
    const calls = this.calls;
    if (!calls) return;
    await this.act(async () => {
      const project = await calls.create(name);
      form.reset();
      this.projects = [...(this.projects ?? []), project].sort((a, b) => a.name.localeCompare(b.name));
      this.open = project;
      void this.focusAfterRender('#rename');
    });
  }

  private async toggle(project: Project): Promise<void> {
    const calls = this.calls;
    this.confirming = '';
    if (!calls || this.open?.id === project.id) {
      this.open = null;
      return;
    }
    await this.act(async () => {
      this.open = await calls.get(project.id);
    });
  }

  private async rename(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    const open = this.open;
    const calls = this.calls;
    if (!open || !calls) return;
    const name = String(new FormData(e.target as HTMLFormElement).get('name') ?? '').trim();
    await this.act(async () => {
      this.open = await calls.rename(open.id, name);
      this.projects = this.projects?.map((p) => (p.id === open.id ? this.open! : p)) ?? null;
      this.status = this.ct('saved');
    });
  }

  private async deleteProject(project: Project): Promise<void> {
    const calls = this.calls;
    if (!calls) return;
    this.confirming = '';
    if (await this.act(() => calls.remove(project.id))) {
      this.projects = this.projects?.filter((p) => p.id !== project.id) ?? null;
      if (this.open?.id === project.id) this.open = null;
      this.status = this.pt('deleted', { name: inert(project.name) });
      void this.focusAfterRender('#new-project');
    }
  }

  private async follow(who: Follower, add: boolean): Promise<void> {
    const open = this.open;
    const calls = this.calls;
    if (!open || !calls) return;
    await this.act(async () => {
      this.open = await (add ? calls.follow(open.id, who) : calls.unfollow(open.id, who));
    });
  }

  private handlePick(e: TpPickEvent): void {
    const { kind, id } = e.pick;
    void this.follow(kind === 'user' ? { userId: id } : { organizationId: id }, true);
  }

  private renderFollowers(
    list: { id: string; name: string; email?: string }[],
    empty: ProjectsKey,
    who: (id: string) => Follower,
  ) {
    if (list.length === 0) return html`<p class="muted">${this.pt(empty)}</p>`;
    return html`<ul class="ruled">
      ${list.map(
        (f) => html`<li>
          <span class="grow">${inert(f.name)} ${f.email ? html`<span class="sub">${f.email}</span>` : nothing}</span>
          <button type="button" @click=${() => this.follow(who(f.id), false)}>
            ${this.verb('remove', inert(f.name))}
          </button>
        </li>`,
      )}
    </ul>`;
  }

  private renderDetail(project: ProjectDetail) {
    const { users, organizations } = project.followers;
    return html`<div class="detail box">
      <form @submit=${this.rename}>
        <label for="rename">${this.kt('name')}</label>
        <div class="row">
          <input id="rename" name="name" required maxlength="200" .value=${project.name} />
          <button>${this.ct('save')}</button>
        </div>
      </form>
      <h3>${this.pt('followers', { name: inert(project.name) })}</h3>
      <h4>${this.pt('people')}</h4>
      ${this.renderFollowers(users, 'noPeople', (userId) => ({ userId }))}
      <h4>${this.pt('organizations')}</h4>
      ${this.renderFollowers(organizations, 'noOrganizations', (organizationId) => ({ organizationId }))}
      <tp-people-picker
        only-role="customer"
        organizations
        .label=${this.pt('addFollower')}
        .exclude=${[...users, ...organizations].map((f) => f.id)}
        @tp-pick=${this.handlePick}
      ></tp-people-picker>
    </div>`;
  }

  private renderList(projects: Project[]) {
    if (projects.length === 0) return html`<p class="muted">${this.pt('none')}</p>`;
    return html`<ul class="ruled" aria-label=${this.pt('title')}>
        ${projects.map((p) => {
          const name = inert(p.name);
          const isOpen = this.open?.id === p.id;
          return html`<li>
            <span class="grow">
              <button type="button" class="link" aria-expanded=${isOpen ? 'true' : 'false'} @click=${() => this.toggle(p)}>
                ${name}
              </button>
            </span>
            <button type="button" @click=${() => (this.confirming = p.id)}>${this.verb('delete', name)}</button>
            ${
              this.confirming === p.id
                ? this.confirmBox(
                    this.pt('confirmDelete', { name }),
                    this.kt('delete'),
                    () => this.deleteProject(p),
                    () => (this.confirming = ''),
                  )
                : nothing
            }
            ${isOpen && this.open ? this.renderDetail(this.open) : nothing}
          </li>`;
        })}
      </ul>
      ${this.cursor ? html`<p><button type="button" @click=${() => this.load(true)}>${this.ct('loadMore')}</button></p>` : nothing}`;
  }

  override render() {
    return html`<h2>${this.pt('title')}</h2>
      <p class="muted">${this.pt('intro')}</p>
      <form class="box" @submit=${this.create}>
        <label for="new-project">${this.pt('newProject')}</label>
        <div class="row">
          <input id="new-project" name="name" required maxlength="200" />
          <button class="primary">${this.kt('create')}</button>
        </div>
      </form>
      ${this.errorLine(this.actionError)}
      <p role="status">${this.status}</p>
      ${
        this.error
          ? html`<div role="alert"><p class="error">${this.error}</p><button type="button" @click=${() => this.load()}>${this.ct('retry')}</button></div>`
          : this.projects
            ? this.renderList(this.projects)
            : html`<p class="muted" role="status">${this.pt('loading')}</p>`
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tp-settings-projects': TpSettingsProjects;
  }
}
