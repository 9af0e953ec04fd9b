// Registers the settings' elements (issue 11); called by the console's entry.
import { define } from '../../shared/define.js';
import { TpConsoleSettings } from './console-settings.js';
import { TpPortalSettings } from './portal-settings.js';
import { TpSettingsPortals } from './settings-portals/settings-portals.js';
import { TpPortalAccess } from './portal-access/portal-access.js';
import { TpPortalProperties } from './portal-properties/portal-properties.js';
import { TpPortalViews } from './portal-views/portal-views.js';
import { TpPortalEmbedding } from './portal-embedding/portal-embedding.js';
import { TpPortalAppearance } from './portal-appearance/portal-appearance.js';
import { TpPortalPreview } from './portal-preview/portal-preview.js';
import { TpSettingsProjects } from './settings-projects/settings-projects.js';
import { TpSettingsCatalog } from './settings-catalog/settings-catalog.js';
import { TpPeoplePicker } from '../admin-kit/people-picker.js';
import { TpPeopleActions } from '../console-people/people-actions.js';
import { TpSettingsAudit } from './settings-audit/settings-audit.js';

/** Defines every element of the settings pages (guarded: defining twice defines nothing twice). */
export function defineSettings(): void {
  define('tp-console-settings', TpConsoleSettings);
  define('tp-portal-settings', TpPortalSettings);
  define('tp-settings-portals', TpSettingsPortals);
  define('tp-portal-access', TpPortalAccess);
  define('tp-portal-properties', TpPortalProperties);
  define('tp-portal-views', TpPortalViews);
  define('tp-portal-embedding', TpPortalEmbedding);
  define('tp-portal-appearance', TpPortalAppearance);
  define('tp-portal-preview', TpPortalPreview);
  define('tp-settings-projects', TpSettingsProjects);
  define('tp-settings-catalog', TpSettingsCatalog);
  define('tp-settings-audit', TpSettingsAudit);
  define('tp-people-picker', TpPeoplePicker);
  define('tp-people-actions', TpPeopleActions);
}
