import type { z } from 'zod';

/** One zod validation issue, as a ZodError lists it. */
export type ZodIssue = z.core.$ZodIssue;

/** Names of the types zod reports, as French nouns. */
const TYPES: Record<string, string> = {
  string: 'texte',
  number: 'nombre',
  int: 'entier',
  boolean: 'booléen',
  bigint: 'grand entier',
  object: 'objet',
  array: 'liste',
  undefined: 'rien',
  null: 'null',
  date: 'date',
  nan: 'NaN',
  NaN: 'NaN',
  function: 'fonction',
  symbol: 'symbole',
};

const FORMATS: Record<string, string> = {
  email: 'Adresse e-mail invalide',
  url: 'URL invalide',
  date: 'Date invalide : AAAA-MM-JJ attendu',
  datetime: 'Date et heure ISO invalides',
  time: 'Heure ISO invalide',
  uuid: 'UUID invalide',
  base64url: 'Texte base64url invalide',
  jwt: 'JWT invalide',
};

const typeName = (type: string) => TYPES[type] ?? type;
const quoted = (value: unknown) => (typeof value === 'string' ? `"${value}"` : String(value));

/**
 * Zod's own message for an issue, in French. Mirrors zod's English wording
 * (which the API sends to English clients as it is), so both say the same.
 * The received type is not kept on a reported issue, so it is read back from
 * the English message.
 */
export function frenchZodMessage(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\S+)$/.exec(issue.message)?.[1];
      return `Entrée invalide : ${typeName(issue.expected)} attendu${received ? `, ${typeName(received)} reçu` : ''}`;
    }
    case 'invalid_value':
      return issue.values.length === 1
        ? `Entrée invalide : ${quoted(issue.values[0])} attendu`
        : `Option invalide : une valeur parmi ${issue.values.map(quoted).join('|')} attendue`;
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = String(small ? issue.minimum : issue.maximum);
      const bound = issue.exact
        ? 'exactement'
        : issue.inclusive
          ? small
            ? 'au moins'
            : 'au plus'
          : small
            ? 'plus de'
            : 'moins de';
      if (issue.origin === 'string')
        return `${small ? 'Trop court' : 'Trop long'} : ${bound} ${limit} caractères attendus`;
      if (issue.origin === 'array' || issue.origin === 'set') {
        return `${small ? 'Trop peu d’éléments' : 'Trop d’éléments'} : ${bound} ${limit} attendus`;
      }
      return `${small ? 'Trop petit' : 'Trop grand'} : ${bound} ${limit} attendu`;
    }
    case 'invalid_format':
      if (issue.format === 'regex' && 'pattern' in issue)
        return `Texte invalide : doit correspondre au motif ${String(issue.pattern)}`;
      return FORMATS[issue.format] ?? `Format invalide (${issue.format})`;
    case 'not_multiple_of':
      return `Nombre invalide : doit être un multiple de ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `Clé${issue.keys.length > 1 ? 's' : ''} non reconnue${issue.keys.length > 1 ? 's' : ''} : ${issue.keys.join(', ')}`;
    case 'invalid_key':
      return `Clé invalide dans ${issue.origin}`;
    case 'invalid_element':
      return `Valeur invalide dans ${issue.origin}`;
    case 'invalid_union': {
      const options: unknown = 'options' in issue ? issue.options : undefined;
      if (Array.isArray(options) && options.length > 0) {
        return `Valeur de discriminant invalide : ${options.map((o) => `'${String(o)}'`).join(' | ')} attendu`;
      }
      return 'Entrée invalide';
    }
    default:
      return 'Entrée invalide';
  }
}
