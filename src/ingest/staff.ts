/**
 * The company's own staff are not product use: with config `staff: { domains: [ourco.com] }`,
 * users whose e-mail (users table e-mail or domain, or a user id that is an e-mail address) is at
 * one of those domains or a subdomain are removed from the users table, and their events from
 * the events, once after loading. Counted and shown in `inspect`; never inferred from the data.
 */
import type { StaffExclusion, Tables } from '../core/model.js';
import { domainOf } from './match.js';

export function excludeStaff(tables: Tables, configured: readonly string[]): StaffExclusion | null {
  if (configured.length === 0) return null;
  const domains = configured.map((d) => domainOf(d) ?? d.trim().toLowerCase());
  const isStaffDomain = (domain: string | null | undefined): boolean =>
    !!domain && domains.some((d) => domain === d || domain.endsWith(`.${d}`));
  const userDomain = (id: string): string | null => (id.includes('@') ? domainOf(id) : null);
  const staffIds = new Set<string>();
  for (const u of tables.users) {
    if (isStaffDomain(u.domain ?? (u.email ? domainOf(u.email) : null)) || isStaffDomain(userDomain(u.userId))) staffIds.add(u.userId);
  }
  const usersBefore = tables.users.length;
  if (staffIds.size > 0) tables.users = tables.users.filter((u) => !staffIds.has(u.userId));
  const events = tables.events;
  const flags = new Uint8Array(events.users.size);
  let eventUsers = 0;
  events.users.values.forEach((id, k) => {
    if (staffIds.has(id) || isStaffDomain(userDomain(id))) {
      flags[k] = 1;
      eventUsers++;
    }
  });
  const eventsRemoved = eventUsers > 0 ? events.removeUsers(flags) : 0;
  return { domains, users: usersBefore - tables.users.length, eventUsers, events: eventsRemoved };
}
