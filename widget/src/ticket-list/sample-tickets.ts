import type { TicketSummary } from '../api/types.js';
import type { Locale } from '../i18n/strings.js';

// The sample list of the console's appearance preview: made-up tickets in
// every status, so an admin sees badges, priorities and rows in the portal's
// colors without anyone's data (and without a session). Panel bundle only.
const titles: Record<Locale, string[]> = {
  en: [
    'Cannot sign in on the mobile app',
    'Invoice for March shows the wrong address',
    'Export to CSV is missing the due dates',
    'Please add two colleagues to our account',
    'Question about the yearly plan',
  ],
  fr: [
    'Impossible de se connecter sur l’application mobile',
    'La facture de mars porte la mauvaise adresse',
    'L’export CSV n’inclut pas les échéances',
    'Merci d’ajouter deux collègues à notre compte',
    'Question sur l’abonnement annuel',
  ],
};
const statuses = ['open', 'in_progress', 'waiting', 'resolved', 'closed'] as const;
const priorities = ['urgent', 'high', 'medium', 'low', 'medium'] as const;
const types: Record<Locale, string[]> = { en: ['Incident', 'Request'], fr: ['Incident', 'Demande'] };

/** Five sample tickets in `locale`, dated in the last days. */
export function sampleTickets(locale: Locale): TicketSummary[] {
  const day = 86_400_000;
  return titles[locale].map((title, i) => {
    const type = types[locale][i % 2]!;
    return {
      id: `sample-${i + 1}`,
      number: 1042 - i,
      title,
      status: statuses[i]!,
      priority: priorities[i]!,
      type: { id: `sample-type-${i % 2}`, key: type.toLowerCase(), name: type },
      private: false,
      createdAt: new Date(Date.now() - (i + 1) * 2 * day).toISOString(),
      updatedAt: new Date(Date.now() - (i + 1) * day).toISOString(),
    };
  });
}
