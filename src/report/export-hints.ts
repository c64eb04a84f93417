import type { ExportHint } from './contract/measures.js';

export type { ExportHint } from './contract/measures.js';

type Hints = Readonly<Record<string, readonly ExportHint[]>>;

const h = (vendor: string, where: string): ExportHint => ({ vendor, where });

/** By table (`deals`), column (`deals.source`) or link id (`activity→deal`). */
export const EXPORT_HINTS: Hints = {
  // --- tables ---------------------------------------------------------------------------------
  deals: [
    h('HubSpot', 'CRM > Deals > Export (all properties), with Create date, Close date, Deal stage, Amount'),
    h('Salesforce', 'Reports > New Report > Opportunities > Export (Details Only)'),
    h('Pipedrive', 'Deals > list view > … > Export filter results'),
  ],
  activities: [
    h('HubSpot', 'Reports > Create report > Single object > Activities (calls, meetings, e-mails) > Export, with Associated Deal IDs'),
    h('Salesforce', 'Reports > New Report > Activities > Tasks and Events > Export, with Related To'),
    h('Pipedrive', 'Activities > list view > … > Export filter results'),
  ],
  contacts: [
    h('HubSpot', 'CRM > Contacts > Export, with Job title and Associated Company ID'),
    h('Salesforce', 'Reports > New Report > Contacts & Accounts > Export, with Title and Account ID'),
    h('Pipedrive', 'Contacts > People > … > Export filter results, with Job title and Organization'),
  ],
  accounts: [
    h('HubSpot', 'CRM > Companies > Export, with Company Domain Name'),
    h('Salesforce', 'Reports > New Report > Accounts > Export, with Website'),
    h('Pipedrive', 'Contacts > Organizations > … > Export filter results'),
  ],
  events: [
    h('PostHog', 'SQL editor: select from events > Export CSV (or the batch export to S3)'),
    h('Mixpanel', 'Raw Event Export API (/api/2.0/export), JSON lines'),
    h('Amplitude', 'Settings > Projects > (project) > Export Data'),
    h('Segment', 'the warehouse destination\'s tracks table'),
    h('Pendo', 'Behavior > Data Explorer > Feature events > Download CSV'),
  ],
  users: [
    h('PostHog', 'People > Persons > Export (CSV)'),
    h('Mixpanel', 'Users > (select all) > Export'),
    h('Amplitude', 'User Lookup / Cohorts > Download users'),
    h('Segment', 'the warehouse destination\'s users (identifies) table'),
    h('Pendo', 'People > Visitors > Export CSV'),
  ],
  releases: [
    h('Jira', 'Releases > (version) > issues in this version > Export CSV (Fix Version, Release date, Issue type)'),
    h('Linear', 'Settings > Import / export > Export CSV (Completed at, Labels)'),
    h('GitHub', 'the repository\'s Releases (gh release list), or the changelog sheet the product team keeps'),
    h('Pendo', 'Product > Features > Export (feature list with created dates)'),
  ],
  feature_requests: [
    h('Pendo', 'Listen (Feedback) > Ideas > Export, with requesting account'),
    h('HubSpot', 'Help Desk > Tickets (feature request pipeline) > Export'),
    h('Salesforce', 'Reports > Ideas (or your feature request object) > Export'),
    h('Productboard', 'Insights > Export notes, with company and linked feature'),
  ],
  subscriptions: [
    h('Stripe', 'Billing > Subscriptions > Export (all statuses, all columns), or Billing > Invoices > Export'),
    h('Chargebee', 'Subscriptions > Export, with Customer Id, Status, Started At, Activated At, Cancelled At, MRR, Currency Code'),
    h('Warehouse', 'the billing sync\'s subscriptions table (account id, start and end dates, MRR, trial flag)'),
  ],
  associations: [
    h('HubSpot', 'a warehouse sync (Fivetran, Airbyte) of the engagement_deal, deal_company and deal_contact association tables, or the Associated Deal IDs column of an activity export'),
    h('Salesforce', 'Data Loader > Export > OpportunityContactRole (OpportunityId, ContactId, Role)'),
  ],

  // --- columns --------------------------------------------------------------------------------
  'deals.source': [
    h('HubSpot', 'CRM > Deals > Export, include Original Source (or the associated contact\'s Original Source)'),
    h('Salesforce', 'Opportunities report: add the Lead Source column'),
    h('Pipedrive', 'Deals export: include Source channel (or your Lead source field)'),
  ],
  'deals.createdAt': [
    h('HubSpot', 'CRM > Deals > Export, include Create Date'),
    h('Salesforce', 'Opportunities report: add Created Date'),
    h('Pipedrive', 'Deals export: include Deal created'),
  ],
  'deals.closedAt': [
    h('HubSpot', 'CRM > Deals > Export, include Close Date'),
    h('Salesforce', 'Opportunities report: add Close Date'),
    h('Pipedrive', 'Deals export: include Won time / Lost time'),
  ],
  'deals.amount': [
    h('HubSpot', 'CRM > Deals > Export, include Amount'),
    h('Salesforce', 'Opportunities report: add Amount'),
    h('Pipedrive', 'Deals export: include Value'),
  ],
  'deals.type': [
    h('HubSpot', 'CRM > Deals > Export, include Deal Type (new business / existing business)'),
    h('Salesforce', 'Opportunities report: add Type (New Business, Renewal, Upsell)'),
  ],
  'deals.discount': [
    h('HubSpot', 'Line items export (Discount) or a Discount deal property'),
    h('Salesforce', 'Opportunities with Products report: add Discount and List Price'),
    h('Pipedrive', 'Deals export: the products\' discount, or a Discount custom field'),
  ],
  'deals.listAmount': [
    h('Salesforce', 'Opportunities with Products report: add List Price (× quantity)'),
  ],
  'deals.promisedFeatures': [
    h('HubSpot', 'add a multi-select deal property "Promised features", fill it on won deals, include it in the Deals export'),
    h('Salesforce', 'add an Opportunity field "Promised features" (multi-select picklist) and add it to the report'),
    h('Pipedrive', 'add a deal custom field "Promised features" and include it in the export'),
  ],
  'contacts.title': [
    h('HubSpot', 'CRM > Contacts > Export, include Job Title'),
    h('Salesforce', 'Contacts report: add Title'),
    h('Pipedrive', 'People export: include Job title'),
  ],
  'contacts.role': [
    h('Salesforce', 'Opportunity Contact Roles report: Role'),
  ],
  'users.title': [
    h('PostHog', 'People > Persons > Export, with a title / job_title person property'),
    h('Segment', 'identify() trait title, in the users table'),
    h('Mixpanel', 'Users export with a $title / job title profile property'),
    h('Amplitude', 'user property job_title, in the user export'),
  ],
  'users.role': [
    h('PostHog', 'a role person property (set in identify), in the persons export'),
    h('Segment', 'identify() trait role, in the users table'),
    h('Pendo', 'People > Visitors > Export, with the role metadata field'),
  ],
  'users.activatedAt': [
    h('any events export', 'the signup event (user_signed_up, Signed Up, $signup…; or config signupEvents) beside core events: pullcheck derives activation from them'),
    h('PostHog', 'the date of each person\'s first activation event (Insights > Funnels > persons, or SQL min(timestamp))'),
    h('Amplitude', 'a cohort of activated users with their activation date'),
    h('Mixpanel', 'a profile property set at activation, in the Users export'),
  ],
  'users.invitedBy': [
    h('any events export', 'invite events naming the other side: Invite Sent with invitee_id / invitee_email, or Invite Accepted with inviter_id (or config inviteEvents / inviteAcceptedEvents): pullcheck derives who invited whom from them'),
    h('PostHog', 'an invited_by person property, in the persons export'),
    h('Segment', 'the inviter\'s id on the Invite Sent / Signed Up track, or an invited_by trait'),
  ],
  'users.userId': [h('Segment', 'the users table\'s id column')],
  'events.feature': [
    h('PostHog', 'an event property naming the feature (or one event name per feature)'),
    h('Pendo', 'Feature events export (feature names, not page views)'),
    h('Amplitude', 'an event property or event category naming the feature'),
    h('Mixpanel', 'a feature event property, in the Raw Event Export'),
  ],
  'events.userId': [
    h('PostHog', 'distinct_id / person_id, in the events export'),
    h('Segment', 'user_id of the tracks table'),
    h('Amplitude', 'user_id of the export'),
  ],
  'releases.kind': [
    h('Jira', 'Issue type (Story / Improvement / Bug) in the Fix Version export'),
    h('Linear', 'Labels (feature / improvement / bug) in the CSV export'),
  ],

  // --- links ----------------------------------------------------------------------------------
  'activity→deal': [
    h('HubSpot', 'activities export with Associated Deal IDs (or the engagement–deal association table)'),
    h('Salesforce', 'Tasks and Events report with Related To (Opportunity ID)'),
    h('Pipedrive', 'Activities export with Deal ID'),
  ],
  'activity→account': [
    h('HubSpot', 'activities export with Associated Company IDs'),
    h('Salesforce', 'Tasks and Events report with Account ID'),
    h('Pipedrive', 'Activities export with Organization ID'),
  ],
  'contact→account': [
    h('HubSpot', 'Contacts export with Associated Company ID'),
    h('Salesforce', 'Contacts report with Account ID'),
    h('Pipedrive', 'People export with Organization ID'),
  ],
  'deal→account': [
    h('HubSpot', 'Deals export with Associated Company ID'),
    h('Salesforce', 'Opportunities report with Account ID'),
    h('Pipedrive', 'Deals export with Organization ID'),
  ],
  'event→account': [
    h('Segment', 'group() calls: the groupId on events, or the groups table'),
    h('PostHog', 'group analytics: $group_0 (company) on events'),
    h('Amplitude', 'Accounts add-on: the account group property on events'),
    h('Mixpanel', 'Group Analytics: company_id on events'),
    h('Pendo', 'accountId on feature events'),
  ],
  'user→account': [
    h('Segment', 'the users table with a company / group id trait'),
    h('PostHog', 'persons export with the company group or e-mail (its domain is matched)'),
    h('Pendo', 'People > Visitors > Export, with accountId'),
  ],
  'release→feature': [
    h('Jira', 'a component or label naming the feature on each released issue'),
    h('Pendo', 'Product > Features: the same feature names as the changelog'),
  ],
  'subscription→account': [
    h('Stripe', 'customers with the CRM account id in metadata, or Customer Email at the company\'s domain'),
    h('Chargebee', 'Customer Company or Customer Email in the subscriptions export'),
  ],
  'user→inviter': [
    h('any users export', 'every user, invited or not, with the same ids in user_id and invited_by (an inviter missing from the users file cannot be found)'),
    h('any events export', 'Invite Accepted with an inviter_id that is a user id of the users table (or inviter_email, matched by e-mail)'),
  ],
  'request→release': [
    h('Productboard', 'Features export: link each insight to the feature, named as in the release log'),
    h('Jira', 'the same component or label on the idea or request as on the released issue'),
  ],
  'promise→release': [
    h('HubSpot', 'a multi-select deal property whose options are the feature names of the release log'),
    h('Salesforce', 'a multi-select picklist on Opportunity whose values are the release log\'s feature names'),
  ],
  'request→account': [
    h('Pendo', 'Ideas export with the requesting account'),
    h('Productboard', 'Insights export with the company'),
  ],
};

/**
 * The hints for a need key; for alternatives (`users.title|role`), those of every alternative,
 * one per vendor (a vendor with a hint for several alternatives gets them joined by "; or ").
 */
export function hintsFor(key: string): ExportHint[] {
  const dot = key.indexOf('.');
  if (!(dot > 0 && key.includes('|'))) return [...(EXPORT_HINTS[key] ?? [])];
  const table = key.slice(0, dot);
  const byVendor = new Map<string, string[]>();
  for (const field of key.slice(dot + 1).split('|')) {
    for (const hint of EXPORT_HINTS[`${table}.${field}`] ?? []) byVendor.set(hint.vendor, [...(byVendor.get(hint.vendor) ?? []), hint.where]);
  }
  return [...byVendor].map(([vendor, wheres]) => ({ vendor, where: wheres.join('; or ') }));
}
