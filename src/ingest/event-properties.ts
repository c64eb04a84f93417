/**
 * Which of an events file's columns hold person properties (a user's title, role, company,
 * e-mail, inviter) and invite properties (the invitee or inviter of an invite event), from the
 * layout's `properties` sources and the key lists of vendor-layouts.ts: extra fields for the
 * file's extractor, read as rows are appended (rows.ts eventAppender → EventTable.notes). Plain
 * data, so a worker thread reading part of the file gets the same fields.
 */
import { headerKey, type Layout, type PropertySource } from './layouts.js';
import { PERSON_FIELDS, type PersonField } from './event-notes.js';
import { INVITE_PROPERTY_KEYS, PERSON_PROPERTY_KEYS } from './vendor-layouts.js';

/** An extractor field holding a property: the first non-blank of a person field's fields wins (they come in source order). */
export type PropertyField =
  | { field: string; kind: 'person'; person: PersonField }
  | { field: string; kind: 'invite'; side: 'inviter' | 'invitee'; key: string };

export interface PropertySpec {
  fields: PropertyField[];
  /** To add to the file's ExtractSpec. */
  sources: Record<string, number[]>;
  json: Record<string, { columns: number[]; keys: string[] }>;
}

/** The property fields `header` offers under `layout`; null when it offers none. */
export function propertySpec(header: readonly string[], layout: Layout): PropertySpec | null {
  const props = layout.properties;
  if (!props) return null;
  const keys = header.map(headerKey);
  const spec: PropertySpec = { fields: [], sources: {}, json: {} };
  /** Add a field reading `names` (property keys) from `source`, if the header has it. */
  const add = (field: string, source: PropertySource, names: readonly string[]): boolean => {
    if ('column' in source) {
      const column = keys.indexOf(headerKey(source.column));
      if (column < 0) return false;
      spec.json[field] = { columns: [column], keys: names.map((k) => (source.path ? `${source.path}.${k}` : k)) };
      return true;
    }
    const columns: number[] = [];
    for (const name of names) {
      const column = keys.indexOf(headerKey(`${source.prefix}${name}`));
      if (column >= 0 && !columns.includes(column)) columns.push(column);
    }
    if (columns.length === 0) return false;
    spec.sources[field] = columns;
    return true;
  };
  (props.person ?? []).forEach((source, s) => {
    for (const person of PERSON_FIELDS) {
      const field = `person:${person}:${s}`;
      if (add(field, source, PERSON_PROPERTY_KEYS[person])) spec.fields.push({ field, kind: 'person', person });
    }
  });
  (props.event ?? []).forEach((source, s) => {
    for (const side of ['inviter', 'invitee'] as const) {
      for (const key of INVITE_PROPERTY_KEYS[side]) {
        // One field per key, so inspect can say which property gave the invite.
        const field = `invite:${side}:${key}:${s}`;
        if (add(field, source, [key])) spec.fields.push({ field, kind: 'invite', side, key });
      }
    }
  });
  return spec.fields.length > 0 ? spec : null;
}
