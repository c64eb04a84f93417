/**
 * Vendors' own vocabularies for where a deal came from, as data: each value with the class it
 * counts as (sales-sourced, product/inbound, or unknown) and why. The default `salesSources` and
 * `productSources` (src/core/settings.ts) are built from this table; a config file replaces them.
 * Values compare by `normaliseLabel` (case ignored, `-`/`_` = space), so HubSpot's internal
 * `ORGANIC_SEARCH` is its label "Organic search". A value in no list is unknown: counted and
 * reported, never guessed. docs/vocabularies.md lists every entry with its reason (a test keeps
 * the two in step).
 */
export type SourceClassName = 'sales' | 'product' | 'unknown';

export interface SourceValue {
  value: string;
  class: SourceClassName;
  /** Whose vocabulary: 'generic' for words any CRM's custom picklist uses. */
  vocabulary: 'generic' | 'HubSpot Original Source' | 'Salesforce Lead Source' | 'Pipedrive source';
  reason: string;
}

const SALES_TEAM = 'the sales team found and contacted the buyer first';
const INBOUND = 'the buyer came to the company (inbound), not the other way round';

export const SOURCE_VOCABULARY: readonly SourceValue[] = [
  // Words teams use in custom lead-source picklists.
  { value: 'outbound', class: 'sales', vocabulary: 'generic', reason: SALES_TEAM },
  { value: 'sdr', class: 'sales', vocabulary: 'generic', reason: 'sourced by a sales development rep' },
  { value: 'bdr', class: 'sales', vocabulary: 'generic', reason: 'sourced by a business development rep' },
  { value: 'ae', class: 'sales', vocabulary: 'generic', reason: 'sourced by an account executive' },
  { value: 'sales', class: 'sales', vocabulary: 'generic', reason: SALES_TEAM },
  { value: 'outbound prospecting', class: 'sales', vocabulary: 'generic', reason: SALES_TEAM },
  { value: 'cold call', class: 'sales', vocabulary: 'generic', reason: SALES_TEAM },
  { value: 'cold email', class: 'sales', vocabulary: 'generic', reason: SALES_TEAM },
  { value: 'cold outreach', class: 'sales', vocabulary: 'generic', reason: SALES_TEAM },
  { value: 'event', class: 'sales', vocabulary: 'generic', reason: 'met at an event the sales team works (field sales)' },
  { value: 'events', class: 'sales', vocabulary: 'generic', reason: 'met at an event the sales team works (field sales)' },
  { value: 'conference', class: 'sales', vocabulary: 'generic', reason: 'met at an event the sales team works (field sales)' },
  { value: 'partner', class: 'sales', vocabulary: 'generic', reason: 'brought by a reseller or partner: a sales channel' },
  { value: 'reseller', class: 'sales', vocabulary: 'generic', reason: 'brought by a reseller: a sales channel' },
  { value: 'inbound', class: 'product', vocabulary: 'generic', reason: INBOUND },
  { value: 'self serve', class: 'product', vocabulary: 'generic', reason: 'bought in the product without a salesperson' },
  { value: 'selfserve', class: 'product', vocabulary: 'generic', reason: 'bought in the product without a salesperson' },
  { value: 'product', class: 'product', vocabulary: 'generic', reason: 'came from product use' },
  { value: 'pql', class: 'product', vocabulary: 'generic', reason: 'product-qualified lead: qualified by its use of the product' },
  { value: 'product signup', class: 'product', vocabulary: 'generic', reason: 'signed up in the product first' },
  { value: 'free trial', class: 'product', vocabulary: 'generic', reason: 'started a trial in the product first' },
  { value: 'trial', class: 'product', vocabulary: 'generic', reason: 'started a trial in the product first' },
  { value: 'invite', class: 'product', vocabulary: 'generic', reason: 'invited by a user of the product' },
  { value: 'organic', class: 'product', vocabulary: 'generic', reason: INBOUND },
  { value: 'seo', class: 'product', vocabulary: 'generic', reason: INBOUND },
  { value: 'website', class: 'product', vocabulary: 'generic', reason: INBOUND },
  { value: 'referral', class: 'product', vocabulary: 'generic', reason: 'recommended by a customer or user (word of mouth)' },
  { value: 'customer referral', class: 'product', vocabulary: 'generic', reason: 'recommended by a customer (word of mouth)' },
  { value: 'word of mouth', class: 'product', vocabulary: 'generic', reason: 'recommended by a customer or user' },
  { value: 'demo request', class: 'product', vocabulary: 'generic', reason: `${INBOUND}: asked for a demo` },
  { value: 'contact us', class: 'product', vocabulary: 'generic', reason: `${INBOUND}: filled the contact form` },
  { value: 'webinar', class: 'unknown', vocabulary: 'generic', reason: 'a marketing event people sign up to, often followed up by sales: either way' },
  { value: 'existing customer', class: 'unknown', vocabulary: 'generic', reason: 'says who bought, not how the deal started' },

  // HubSpot Original Source (hs_analytics_source): UI labels; the internal values (ORGANIC_SEARCH…) compare equal.
  { value: 'organic search', class: 'product', vocabulary: 'HubSpot Original Source', reason: `found the website through a search engine: ${INBOUND}` },
  { value: 'direct traffic', class: 'product', vocabulary: 'HubSpot Original Source', reason: `came to the website by its address: ${INBOUND}` },
  { value: 'referrals', class: 'product', vocabulary: 'HubSpot Original Source', reason: `followed a link on another website: ${INBOUND}` },
  { value: 'paid search', class: 'product', vocabulary: 'HubSpot Original Source', reason: `clicked a search ad: ${INBOUND} (marketing-paid)` },
  { value: 'social media', class: 'product', vocabulary: 'HubSpot Original Source', reason: `followed a social post: ${INBOUND}` },
  { value: 'paid social', class: 'product', vocabulary: 'HubSpot Original Source', reason: `clicked a social ad: ${INBOUND} (marketing-paid)` },
  { value: 'email marketing', class: 'product', vocabulary: 'HubSpot Original Source', reason: `clicked a marketing e-mail: ${INBOUND}` },
  { value: 'ai referrals', class: 'product', vocabulary: 'HubSpot Original Source', reason: `followed a link from an AI assistant: ${INBOUND}` },
  { value: 'offline sources', class: 'unknown', vocabulary: 'HubSpot Original Source', reason: 'created outside the website: by a rep in the CRM, an import, the API or an integration (product sign-ups synced by an integration land here too), so it says nothing about who sourced it' },
  { value: 'offline', class: 'unknown', vocabulary: 'HubSpot Original Source', reason: 'internal value of "Offline sources"' },
  { value: 'other campaigns', class: 'unknown', vocabulary: 'HubSpot Original Source', reason: 'a tracked link that fits no other source: could be any campaign' },

  // Salesforce Lead Source: the standard picklist (Web, Phone Inquiry, Partner Referral, Purchased List, Other) and values of older orgs.
  { value: 'web', class: 'product', vocabulary: 'Salesforce Lead Source', reason: `came through the website: ${INBOUND}` },
  { value: 'phone inquiry', class: 'product', vocabulary: 'Salesforce Lead Source', reason: `the prospect called the company: ${INBOUND}` },
  { value: 'partner referral', class: 'sales', vocabulary: 'Salesforce Lead Source', reason: 'brought by a partner: a sales channel' },
  { value: 'purchased list', class: 'sales', vocabulary: 'Salesforce Lead Source', reason: `a bought contact list worked by sales: ${SALES_TEAM}` },
  { value: 'other', class: 'unknown', vocabulary: 'Salesforce Lead Source', reason: 'says nothing about the source' },
  { value: 'trade show', class: 'sales', vocabulary: 'Salesforce Lead Source', reason: 'met at a trade show the sales team works' },
  { value: 'seminar internal', class: 'sales', vocabulary: 'Salesforce Lead Source', reason: 'met at a seminar the company runs for prospects (field sales)' },
  { value: 'seminar partner', class: 'sales', vocabulary: 'Salesforce Lead Source', reason: 'met at a partner seminar: a sales channel' },
  { value: 'employee referral', class: 'sales', vocabulary: 'Salesforce Lead Source', reason: 'an employee brought the contact: a person-to-person introduction, not product pull' },
  { value: 'external referral', class: 'product', vocabulary: 'Salesforce Lead Source', reason: 'recommended by someone outside the company (word of mouth)' },
  { value: 'advertisement', class: 'product', vocabulary: 'Salesforce Lead Source', reason: `answered an ad: ${INBOUND} (marketing-paid)` },
  { value: 'public relations', class: 'product', vocabulary: 'Salesforce Lead Source', reason: `read about the company: ${INBOUND}` },
  { value: 'telemarketing', class: 'sales', vocabulary: 'Salesforce Lead Source', reason: SALES_TEAM },

  // Pipedrive: the source origin of a deal (how it was created) and the lead sources.
  { value: 'prospector', class: 'sales', vocabulary: 'Pipedrive source', reason: 'found in Pipedrive\'s prospect database for outreach: sales-sourced' },
  { value: 'lead suggestions', class: 'sales', vocabulary: 'Pipedrive source', reason: 'prospects Pipedrive suggests for outreach: sales-sourced' },
  { value: 'web forms', class: 'product', vocabulary: 'Pipedrive source', reason: `filled a form on the website: ${INBOUND}` },
  { value: 'live chat', class: 'product', vocabulary: 'Pipedrive source', reason: `started a chat on the website: ${INBOUND}` },
  { value: 'chatbot', class: 'product', vocabulary: 'Pipedrive source', reason: `talked to the website chatbot: ${INBOUND}` },
  { value: 'leadbooster', class: 'product', vocabulary: 'Pipedrive source', reason: `came through LeadBooster (chatbot, live chat, web forms): ${INBOUND}` },
  { value: 'manually created', class: 'unknown', vocabulary: 'Pipedrive source', reason: 'a user typed it in: says how the record was made, not who sourced the deal' },
  { value: 'import', class: 'unknown', vocabulary: 'Pipedrive source', reason: 'imported from a file: could be any source' },
  { value: 'api', class: 'unknown', vocabulary: 'Pipedrive source', reason: 'created by an integration: could be product sign-ups or a sales tool' },
  { value: 'workflow automation', class: 'unknown', vocabulary: 'Pipedrive source', reason: 'created by an automation: could be any source' },
  { value: 'website visitors', class: 'unknown', vocabulary: 'Pipedrive source', reason: 'a company seen browsing the website, then contacted by sales: both' },
];

/** The values of one class, for the default settings. */
export function sourcesOf(cls: Exclude<SourceClassName, 'unknown'>): string[] {
  return SOURCE_VOCABULARY.filter((v) => v.class === cls).map((v) => v.value);
}

/**
 * Where vendors keep a field that deal exports usually lack, added to the reason of a check that
 * needs it (keyed `table.field` as in a metric's `requiresFields`). The menu paths per vendor
 * are in the report's "what to export next" (src/report/export-hints.ts); this says why the
 * column is missing from a deals export.
 */
export const WHERE_TO_FIND: Readonly<Record<string, string>> = {
  'deals.discount':
    'discounts often live on line items, not deals: Salesforce OpportunityLineItem "Discount", HubSpot line items hs_discount_percentage; ' +
    'export a deal-level discount or list price, or map one with files.<deals file>.columns.discount',
};
