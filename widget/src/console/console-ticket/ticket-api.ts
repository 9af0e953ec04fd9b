// The admin API calls of the console's ticket page, typed from the server's own
// zod schemas (type-only imports: nothing of the server reaches the bundle).
import type { z } from 'zod';
import type {
  AdminMessageSchema,
  AdminTicketDetailSchema,
} from '../../../../server/src/admin/admin-tickets.schemas.js';
import type { AdminUserSchema } from '../../../../server/src/admin/users.routes.js';
import type { AdminProjectSchema } from '../../../../server/src/admin/projects.routes.js';
import type {
  CustomerContextSchema,
  HistoryEventSchema,
  PresenceSchema,
  StaffFollowerSchema,
  StaffTimeEntryList,
} from '../../../../server/src/admin/ticket-workspace.schemas.js';
import type { CustomFieldSchema, TicketTypeSchema } from '../../../../server/src/tickets/catalog.schemas.js';
import { ApiError, type ApiClient } from '../../api/client.js';
import type { Attachment, Page } from '../../api/types.js';

export type AdminTicket = z.infer<typeof AdminTicketDetailSchema>;
export type AdminMessage = z.infer<typeof AdminMessageSchema>;
export type StaffFollower = z.infer<typeof StaffFollowerSchema>;
export type TimeEntries = z.infer<typeof StaffTimeEntryList>;
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;
export type Presence = z.infer<typeof PresenceSchema>;
export type CustomerContext = z.infer<typeof CustomerContextSchema>;
export type AdminUser = z.infer<typeof AdminUserSchema>;
export type TicketType = z.infer<typeof TicketTypeSchema>;
export type CustomField = z.infer<typeof CustomFieldSchema>;
export type Project = z.infer<typeof AdminProjectSchema>;

/** What the properties panel may change (the admin PATCH body). */
export interface TicketPatch {
  status?: string;
  priority?: string;
  assigneeId?: string | null;
  typeId?: string;
  projectId?: string | null;
  custom?: Record<string, unknown>;
}

const t = (id: string) => `/admin/tickets/${encodeURIComponent(id)}`;

/** The ticket page's requests, through the console's client (its session cookie). */
export class TicketApi {
  constructor(readonly client: ApiClient) {}

  ticket(id: string): Promise<AdminTicket> {
    return this.client.send('GET', t(id));
  }

  update(id: string, patch: TicketPatch): Promise<AdminTicket> {
    return this.client.send('PATCH', t(id), { ...patch });
  }

  /** A reply to the customer, or with `internal` a note only staff see. */
  addMessage(id: string, body: string, internal: boolean, attachmentIds: string[]): Promise<AdminMessage> {
    return this.client.send('POST', `${t(id)}/messages`, { body, internal, attachmentIds });
  }

  followers(id: string): Promise<Page<StaffFollower>> {
    return this.client.send('GET', `${t(id)}/followers`);
  }

  addFollower(id: string, userId: string): Promise<Page<StaffFollower>> {
    return this.client.send('POST', `${t(id)}/followers`, { userId });
  }

  removeFollower(id: string, userId: string): Promise<Page<StaffFollower>> {
    return this.client.send('DELETE', `${t(id)}/followers/${encodeURIComponent(userId)}`);
  }

  timeEntries(id: string): Promise<TimeEntries> {
    return this.client.send('GET', `${t(id)}/time-entries`);
  }

  logTime(id: string, entry: { minutes: number; date: string; note: string }): Promise<TimeEntries> {
    return this.client.send('POST', `${t(id)}/time-entries`, entry);
  }

  history(id: string): Promise<Page<HistoryEvent>> {
    return this.client.send('GET', `${t(id)}/history`);
  }

  customerContext(id: string): Promise<CustomerContext> {
    return this.client.send('GET', `${t(id)}/customer-context`);
  }

  /** The page's heartbeat: who else has it open, and the newest message. */
  presence(id: string, composing: boolean): Promise<Presence> {
    return this.client.send('POST', `${t(id)}/presence`, { composing });
  }

  leave(id: string): Promise<void> {
    return this.client.send('DELETE', `${t(id)}/presence`);
  }

  /** Users whose name or email contains `q` (followers, assignees with `role`; `active`: not deactivated). */
  users(params: { q?: string; role?: 'agent' | 'admin' | 'customer'; active?: boolean }): Promise<Page<AdminUser>> {
    const query = new URLSearchParams();
    if (params.q) query.set('q', params.q);
    if (params.role) query.set('role', params.role);
    if (params.active) query.set('state', 'active');
    query.set('limit', '20');
    return this.client.send('GET', `/admin/users?${query}`);
  }

  ticketTypes(): Promise<Page<TicketType>> {
    return this.client.send('GET', '/admin/ticket-types');
  }

  projects(): Promise<Page<Project>> {
    return this.client.send('GET', '/admin/projects');
  }

  customFields(): Promise<Page<CustomField>> {
    return this.client.send('GET', '/admin/custom-fields');
  }

  /**
   * Uploads one file to the ticket, reporting progress (0–1). XHR, as fetch has
   * no upload progress; the console's session is its cookie (same origin).
   */
  upload(id: string, file: File, onProgress: (fraction: number) => void): Promise<Attachment> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `${this.client.base}/api/v1${t(id)}/attachments`);
      xhr.setRequestHeader('accept-language', this.client.locale);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => {
        let json: unknown = null;
        try {
          json = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch {
          // not JSON: an error below
        }
        if (xhr.status === 201) return resolve(json as Attachment);
        if (xhr.status === 401) this.client.forget();
        const err = (json as { error?: { code?: string; message?: string; field?: string } } | null)?.error;
        reject(new ApiError(xhr.status, err?.code ?? 'error', err?.message ?? xhr.statusText, err?.field));
      };
      xhr.onerror = () => reject(new ApiError(0, 'network', 'network'));
      const form = new FormData();
      form.append('file', file);
      xhr.send(form);
    });
  }
}
