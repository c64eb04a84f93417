/**
 * Vendor export layouts, as data: each entry says how one vendor's file maps onto one pullcheck
 * table. Header names are compared by `headerKey` (case, spaces and punctuation ignored), so one
 * alias covers `StageName`, `STAGENAME`, `stage_name` and `Stage Name`, and Pipedrive's
 * `Deal - Title` also matches `Deal – Title` (en dash).
 *
 * Adding a vendor = adding entries here and a fixture + e2e test (test/e2e/vendors.test.ts).
 * Layouts of a vendor carry a `signature` (headers only that vendor writes) where their field
 * names alone would be too generic.
 *
 * Where an export carries both a record's id and its name (HubSpot "Associated Company IDs" and
 * "Associated Company", Pipedrive "Deal - Organization ID" and "Deal - Organization"), the id is
 * listed first: a row takes the first non-blank column, and an id joins the other files exactly.
 */
import { CANONICAL_LAYOUTS, type Layout } from './layouts.js';

/** Keys under which events carry their account (group) in JSON properties. */
const ACCOUNT_KEYS = ['account_id', 'accountId', 'company_id', 'companyId', 'organization_id', 'org_id', 'group_id', '$groups.company', '$groups.account', '$groups.organization', 'company', 'account', 'organization', '$group_id'];
/** Keys under which events carry the feature they belong to. */
const FEATURE_KEYS = ['feature', 'feature_name', 'featureName', 'feature_id', 'module'];

const SALESFORCE: Layout[] = [
  {
    id: 'salesforce-report',
    vendor: 'Salesforce (report export)',
    table: 'deals',
    fields: {
      dealId: ['Opportunity ID', 'Opportunity Name'],
      name: ['Opportunity Name'],
      accountId: ['Account ID', 'Account Name'],
      amount: ['Amount', 'Total Price'],
      homeAmount: ['Amount (converted)', 'Total Price (converted)'],
      currency: ['Opportunity Currency', 'Amount Currency'],
      pipeline: ['Opportunity Record Type', 'Record Type', 'Opportunity Record Type Name'],
      stage: ['Stage'],
      isWon: ['Won'],
      isClosed: ['Closed'],
      createdAt: ['Created Date'],
      closedAt: ['Close Date'],
      source: ['Lead Source'],
      type: ['Type', 'Opportunity Type'],
      owner: ['Opportunity Owner'],
      discount: ['Discount', 'Discount Percent', 'Discount Percentage', 'Discount (%)'],
      listAmount: ['List Price', 'List Amount'],
      promisedFeatures: ['Promised Features', 'Features Promised'],
    },
    required: ['dealId'],
    requireOneOf: [['stage', 'isWon']],
    signature: ['Opportunity Name', 'Opportunity Owner', 'Opportunity ID'],
    fileHints: ['opportunities', 'opportunity', 'report'],
  },
  {
    id: 'salesforce-api',
    vendor: 'Salesforce (API names / Data Loader / warehouse sync)',
    table: 'deals',
    fields: {
      dealId: ['Id', 'opportunity_id', 'OpportunityId'],
      name: ['Name'],
      accountId: ['AccountId'],
      amount: ['Amount'],
      currency: ['CurrencyIsoCode'],
      pipeline: ['RecordType.Name', 'RecordTypeName', 'RecordType', 'RecordTypeId'],
      stage: ['StageName'],
      isWon: ['IsWon'],
      isClosed: ['IsClosed'],
      createdAt: ['CreatedDate'],
      closedAt: ['CloseDate'],
      source: ['LeadSource'],
      type: ['Type'],
      owner: ['OwnerId'],
      discount: ['Discount__c', 'Discount_Percent__c', 'Discount_Percentage__c', 'Discount_Pct__c'],
      promisedFeatures: ['Promised_Features__c', 'Features_Promised__c'],
      listAmount: ['List_Price__c', 'List_Amount__c'],
    },
    required: ['dealId'],
    requireOneOf: [['stage', 'isWon']],
    signature: ['StageName', 'IsWon', 'IsClosed', 'LeadSource', 'CloseDate'],
    fileHints: ['opportunity', 'opportunities'],
  },
  {
    id: 'salesforce-api',
    vendor: 'Salesforce (API names / Data Loader / warehouse sync)',
    table: 'accounts',
    fields: {
      // A report of accounts often has no id column: the name is then the key deals refer to.
      accountId: ['Id', 'AccountId', 'Account ID', 'Account Name'],
      name: ['Name', 'Account Name'],
      domain: ['Website'],
      createdAt: ['CreatedDate', 'Created Date'],
      plan: ['Type'],
    },
    required: ['accountId'],
    requireOneOf: [['name', 'domain']],
    signature: ['Website', 'CreatedDate', 'BillingCountry', 'NumberOfEmployees', 'AnnualRevenue', 'Industry'],
    fileHints: ['account', 'accounts'],
  },
  {
    id: 'salesforce-api',
    vendor: 'Salesforce (API names / Data Loader / warehouse sync)',
    table: 'contacts',
    fields: {
      // A contacts report has no id column unless one is added: the e-mail address is the key then.
      contactId: ['Id', 'ContactId', 'Contact ID', 'Lead ID', 'Email'],
      accountId: ['AccountId', 'ConvertedAccountId', 'Account Name', 'Company', 'Company / Account'],
      title: ['Title'],
      email: ['Email'],
    },
    required: ['contactId', 'title'],
    signature: ['FirstName', 'LastName', 'First Name', 'Last Name', 'AccountId', 'LeadSource', 'Lead Source'],
    fileHints: ['contact', 'contacts', 'lead', 'leads'],
  },
  {
    id: 'salesforce-api',
    vendor: 'Salesforce (API names / Data Loader / warehouse sync)',
    table: 'activities',
    fields: {
      activityId: ['Id', 'Activity ID'],
      type: ['TaskSubtype', 'EventSubtype', 'Type', 'Task Subtype', 'Activity Type', 'Subject'],
      dealId: ['WhatId', 'Opportunity ID', 'Opportunity', 'Related To', 'Opportunity Name'],
      accountId: ['AccountId', 'Account ID', 'Account', 'Company / Account', 'Account Name'],
      contactId: ['WhoId', 'Contact', 'Name'],
      occurredAt: ['ActivityDateTime', 'StartDateTime', 'CompletedDateTime', 'ActivityDate', 'Date', 'Due Date', 'CreatedDate', 'Created Date'],
    },
    required: ['type', 'occurredAt'],
    // 'Assigned' and 'Related To' are the activity reports' labels for the owner and WhatId.
    signature: ['WhatId', 'WhoId', 'TaskSubtype', 'EventSubtype', 'ActivityDate', 'Task Subtype', 'Assigned', 'Related To'],
    fileHints: ['task', 'tasks', 'event', 'events', 'activities'],
  },
];

const HUBSPOT: Layout[] = [
  {
    id: 'hubspot',
    vendor: 'HubSpot (UI export / internal names / property_* sync)',
    table: 'deals',
    fields: {
      dealId: ['Record ID', 'hs_object_id', 'dealId', 'deal_id', 'property_hs_object_id', 'id'],
      name: ['Deal Name', 'dealname', 'property_dealname'],
      accountId: ['Associated Company IDs (Primary)', 'Associated Company IDs', 'associatedcompanyid', 'property_associatedcompanyid', 'Associated Company (Primary)', 'Associated Company'],
      amount: ['Amount', 'amount', 'property_amount', 'hs_acv'],
      homeAmount: ['Amount in company currency', 'amount_in_home_currency', 'property_amount_in_home_currency'],
      currency: ['Currency', 'deal_currency_code', 'property_deal_currency_code'],
      pipeline: ['Pipeline', 'pipeline', 'property_pipeline', 'deal_pipeline_id'],
      stage: ['Deal Stage', 'dealstage', 'property_dealstage', 'deal_pipeline_stage_id'],
      isWon: ['Is Closed Won', 'hs_is_closed_won', 'property_hs_is_closed_won'],
      isClosed: ['Is Deal Closed?', 'hs_is_closed', 'property_hs_is_closed'],
      createdAt: ['Create Date', 'createdate', 'property_createdate'],
      closedAt: ['Close Date', 'closedate', 'property_closedate'],
      source: ['Original Source', 'Original Source Type', 'hs_analytics_source', 'property_hs_analytics_source', 'Original Traffic Source', 'Lead Source', 'lead_source', 'property_lead_source'],
      type: ['Deal Type', 'dealtype', 'property_dealtype'],
      owner: ['Deal owner', 'hubspot_owner_id', 'property_hubspot_owner_id', 'owner_id'],
      discount: ['Discount', 'Discount (%)', 'discount', 'property_discount'],
      promisedFeatures: ['Promised features', 'Features promised', 'promised_features', 'property_promised_features', 'Promised Features'],
      listAmount: ['List Price', 'property_list_price'],
    },
    required: ['dealId'],
    requireOneOf: [['stage', 'isWon'], ['name', 'amount', 'closedAt']],
    signature: ['Deal Stage', 'dealstage', 'property_dealstage', 'deal_pipeline_stage_id', 'Deal Name', 'dealname', 'property_dealname'],
    fileHints: ['deals', 'deal', 'deal_data'],
  },
  {
    id: 'hubspot',
    vendor: 'HubSpot (UI export / internal names / property_* sync)',
    table: 'contacts',
    fields: {
      contactId: ['Record ID', 'hs_object_id', 'vid', 'id', 'contact_id'],
      accountId: ['Associated Company IDs (Primary)', 'associatedcompanyid', 'property_associatedcompanyid', 'Associated Company (Primary)', 'Company Name', 'company', 'property_company'],
      title: ['Job Title', 'jobtitle', 'property_jobtitle'],
      email: ['Email', 'email', 'property_email'],
    },
    required: ['contactId', 'title'],
    signature: ['Job Title', 'jobtitle', 'property_jobtitle'],
    fileHints: ['contacts', 'contact', 'contact_data'],
  },
  {
    id: 'hubspot',
    vendor: 'HubSpot (UI export / internal names / property_* sync)',
    table: 'accounts',
    fields: {
      accountId: ['Record ID', 'hs_object_id', 'company_id', 'id'],
      name: ['Company name', 'name', 'property_name'],
      domain: ['Company Domain Name', 'domain', 'property_domain', 'Website URL', 'website', 'property_website'],
      createdAt: ['Create Date', 'createdate', 'property_createdate'],
      plan: ['Lifecycle Stage', 'lifecyclestage', 'property_lifecyclestage'],
    },
    required: ['accountId'],
    requireOneOf: [['name', 'domain']],
    signature: ['Company Domain Name', 'Company name', 'property_name', 'property_domain', 'hs_object_id'],
    fileHints: ['companies', 'company', 'company_data'],
  },
  {
    id: 'hubspot',
    vendor: 'HubSpot (UI export / internal names / property_* sync)',
    table: 'activities',
    fields: {
      activityId: ['Record ID', 'engagement_id', 'hs_object_id', 'id'],
      type: ['Activity Type', 'hs_activity_type', 'property_hs_activity_type', 'engagement_type', 'type'],
      dealId: ['Associated Deal IDs', 'Associated Deal', 'deal_id'],
      accountId: ['Associated Company IDs', 'Associated Company', 'company_id'],
      contactId: ['Associated Contact IDs', 'Associated Contact', 'contact_id'],
      occurredAt: ['Activity date', 'hs_timestamp', 'property_hs_timestamp', 'start_time', 'Create Date', 'hs_createdate', 'property_hs_createdate'],
    },
    required: ['type', 'occurredAt'],
    signature: ['hs_timestamp', 'property_hs_timestamp', 'engagement_id', 'Activity date'],
    fileHints: ['engagements', 'engagement', 'activities'],
  },
  ...(
    [
      ['calls', 'call', ['Call Title', 'Call direction', 'Call outcome', 'Call notes', 'hs_call_title', 'hs_call_direction', 'property_hs_call_title']],
      ['emails', 'email', ['Email subject', 'Email direction', 'hs_email_subject', 'property_hs_email_subject']],
      ['meetings', 'meeting', ['Meeting name', 'Meeting outcome', 'hs_meeting_title', 'meeting_outcome', 'property_hs_meeting_title']],
      ['tasks', 'task', ['Task Title', 'Task Type', 'hs_task_subject', 'property_hs_task_subject']],
      ['notes', 'note', ['Note body', 'hs_note_body', 'property_hs_note_body']],
    ] as const
  ).map(([file, type, signature]): Layout => ({
    id: `hubspot-${file}`,
    vendor: `HubSpot (${file} export)`,
    table: 'activities',
    fields: {
      activityId: ['Record ID', 'engagement_id', 'hs_object_id'],
      type: ['_pullcheck_none_'],
      dealId: ['Associated Deal IDs', 'Associated Deal'],
      accountId: ['Associated Company IDs', 'Associated Company'],
      contactId: ['Associated Contact IDs', 'Associated Contact'],
      occurredAt: ['Activity date', 'hs_timestamp', 'property_hs_timestamp', 'Meeting start time', 'hs_meeting_start_time', 'start_time', 'Completed at', 'Due date', 'Create Date', 'hs_createdate', 'property_hs_createdate'],
      marker: [...signature],
    },
    defaults: { type },
    required: ['occurredAt', 'marker'],
    signature: [...signature],
    fileHints: [file, type],
  })),
];

const PIPEDRIVE: Layout[] = [
  {
    id: 'pipedrive',
    vendor: 'Pipedrive (export)',
    table: 'deals',
    fields: {
      dealId: ['Deal - ID', 'Deal - Title'],
      name: ['Deal - Title'],
      accountId: ['Deal - Organization ID', 'Organization - ID', 'Deal - Organization', 'Organization - Name'],
      amount: ['Deal - Value'],
      currency: ['Deal - Currency', 'Deal - Currency of Value'],
      pipeline: ['Deal - Pipeline'],
      stage: ['Deal - Status', 'Deal - Stage'],
      createdAt: ['Deal - Deal created', 'Deal - Add time', 'Deal - Created'],
      closedAt: ['Deal - Won time', 'Deal - Lost time', 'Deal - Deal closed on', 'Deal - Close time', 'Deal - Expected close date'],
      // The marketing channel says more than the origin (how the record was made: "Manually created").
      source: ['Deal - Source', 'Deal - Source channel', 'Deal - Channel', 'Deal - Lead source', 'Deal - Source origin'],
      type: ['Deal - Type', 'Deal - Deal type'],
      owner: ['Deal - Owner'],
      discount: ['Deal - Discount', 'Deal - Discount (%)', 'Deal - Discount %'],
      promisedFeatures: ['Deal - Promised features', 'Deal - Features promised'],
      listAmount: ['Deal - List price', 'Deal - List amount'],
    },
    required: ['dealId', 'stage'],
    fileHints: ['deals', 'deal'],
  },
  {
    id: 'pipedrive',
    vendor: 'Pipedrive (export)',
    table: 'activities',
    fields: {
      activityId: ['Activity - ID'],
      type: ['Activity - Type'],
      dealId: ['Activity - Deal ID', 'Deal - ID', 'Activity - Deal'],
      accountId: ['Activity - Organization ID', 'Organization - ID', 'Activity - Organization', 'Organization - Name'],
      contactId: ['Activity - Contact person ID', 'Person - ID', 'Activity - Contact person'],
      occurredAt: ['Activity - Marked as done time', 'Activity - Done time', 'Activity - Due date', 'Activity - Add time'],
    },
    required: ['type', 'occurredAt'],
    fileHints: ['activities', 'activity'],
  },
  {
    id: 'pipedrive',
    vendor: 'Pipedrive (export)',
    table: 'contacts',
    fields: {
      contactId: ['Person - ID', 'Person - Name'],
      accountId: ['Person - Organization ID', 'Organization - ID', 'Person - Organization', 'Organization - Name'],
      title: ['Person - Job title', 'Person - Title', 'Person - Position'],
      email: ['Person - Email', 'Person - Email - Work'],
    },
    required: ['contactId', 'title'],
    fileHints: ['people', 'persons', 'contacts'],
  },
  {
    id: 'pipedrive',
    vendor: 'Pipedrive (export)',
    table: 'accounts',
    fields: {
      accountId: ['Organization - ID', 'Organization - Name'],
      name: ['Organization - Name'],
      domain: ['Organization - Website', 'Organization - Domain'],
      createdAt: ['Organization - Organization created', 'Organization - Add time'],
    },
    required: ['accountId', 'name'],
    fileHints: ['organizations', 'organisations', 'companies'],
  },
];

const MAVEN: Layout[] = [
  {
    id: 'maven-crm',
    vendor: 'Maven Analytics CRM sample (sales_pipeline)',
    table: 'deals',
    fields: {
      dealId: ['opportunity_id'],
      accountId: ['account'],
      name: ['product'],
      amount: ['close_value'],
      stage: ['deal_stage'],
      createdAt: ['engage_date'],
      closedAt: ['close_date'],
      owner: ['sales_agent'],
    },
    required: ['dealId', 'stage'],
    fileHints: ['sales_pipeline', 'pipeline'],
  },
  {
    id: 'maven-crm',
    vendor: 'Maven Analytics CRM sample (accounts)',
    table: 'accounts',
    fields: { accountId: ['account'], name: ['account'], createdAt: ['_pullcheck_none_'], plan: ['sector'] },
    required: ['accountId'],
    signature: ['year_established', 'subsidiary_of', 'office_location'],
    fileHints: ['accounts'],
  },
];

const PRODUCT: Layout[] = [
  {
    id: 'posthog',
    vendor: 'PostHog (events export)',
    table: 'events',
    fields: {
      timestamp: ['timestamp', 'properties.$time'],
      event: ['event'],
      userId: ['distinct_id', 'person_id', 'person.distinct_id'],
      accountId: ['$group_0', 'properties.$groups.company', 'properties.account_id', 'properties.company_id'],
      feature: ['properties.feature', 'properties.feature_name'],
    },
    json: { accountId: { columns: ['properties'], keys: ACCOUNT_KEYS }, feature: { columns: ['properties'], keys: FEATURE_KEYS } },
    required: ['timestamp', 'event', 'userId'],
    signature: ['uuid', 'distinct_id', 'person_id', '$group_0', 'elements_chain'],
    fileHints: ['events', 'posthog'],
  },
  {
    id: 'mixpanel',
    vendor: 'Mixpanel (CSV or JSON-lines export)',
    table: 'events',
    fields: {
      timestamp: ['time', 'properties.time', 'mp_processing_time_ms'],
      event: ['event', 'event_name'],
      userId: ['distinct_id', 'properties.distinct_id', '$distinct_id', '$user_id', 'properties.$user_id'],
      accountId: ['properties.account_id', 'properties.company_id', 'properties.$group_id', 'account_id', 'company_id'],
      feature: ['properties.feature', 'feature', 'properties.feature_name'],
    },
    json: { accountId: { columns: ['properties'], keys: ACCOUNT_KEYS }, feature: { columns: ['properties'], keys: FEATURE_KEYS } },
    required: ['timestamp', 'event', 'userId'],
    signature: ['time', 'properties.time', 'mp_lib', 'properties.mp_lib', '$insert_id', 'properties.$insert_id'],
    fileHints: ['mixpanel', 'events', 'export'],
  },
  {
    id: 'amplitude',
    vendor: 'Amplitude (export / warehouse sync)',
    table: 'events',
    fields: {
      timestamp: ['event_time', 'client_event_time', 'server_upload_time'],
      event: ['event_type'],
      userId: ['user_id', 'amplitude_id', 'device_id'],
      accountId: ['account_id'],
      feature: ['feature'],
    },
    json: {
      accountId: { columns: ['groups', 'event_properties', 'user_properties'], keys: ACCOUNT_KEYS },
      feature: { columns: ['event_properties'], keys: FEATURE_KEYS },
    },
    required: ['timestamp', 'event', 'userId'],
    signature: ['event_type', 'amplitude_id', 'event_properties'],
    fileHints: ['amplitude', 'events'],
  },
  {
    id: 'segment-tracks',
    vendor: 'Segment (warehouse tracks table)',
    table: 'events',
    fields: {
      timestamp: ['timestamp', 'original_timestamp', 'sent_at', 'received_at'],
      event: ['event', 'event_text'],
      userId: ['user_id', 'anonymous_id'],
      accountId: ['context_group_id', 'group_id', 'account_id', 'context_traits_company_id', 'company_id'],
      feature: ['feature', 'feature_name'],
    },
    required: ['timestamp', 'event', 'userId'],
    signature: ['received_at', 'uuid_ts', 'anonymous_id', 'context_library_name', 'event_text'],
    fileHints: ['tracks', 'track'],
  },
  {
    id: 'segment-users',
    vendor: 'Segment (warehouse users / identifies table)',
    table: 'users',
    fields: {
      userId: ['user_id', 'id'],
      accountId: ['company_id', 'group_id', 'account_id', 'context_traits_company_id'],
      signupAt: ['created_at', 'timestamp', 'received_at'],
      activatedAt: ['activated_at', 'context_traits_activated_at'],
      title: ['title', 'job_title'],
      invitedBy: ['invited_by'],
    },
    required: ['userId', 'signupAt'],
    signature: ['received_at', 'uuid_ts', 'context_library_name', 'anonymous_id'],
    fileHints: ['users', 'identifies'],
  },
  {
    id: 'pendo',
    vendor: 'Pendo (feature events export)',
    table: 'events',
    fields: {
      timestamp: ['day', 'browserTime', 'date', 'hour'],
      event: ['featureName', 'feature_name', 'featureId', 'feature_id', 'pageName'],
      feature: ['featureName', 'feature_name', 'featureId', 'feature_id'],
      userId: ['visitorId', 'visitor_id'],
      accountId: ['accountId', 'account_id'],
      count: ['numEvents', 'num_events'],
    },
    required: ['timestamp', 'event'],
    requireOneOf: [['userId', 'accountId']],
    signature: ['visitorId', 'visitor_id', 'numEvents', 'numMinutes'],
    fileHints: ['pendo', 'features', 'feature_events'],
  },
];

const ROADMAP: Layout[] = [
  {
    id: 'requests',
    vendor: 'Feature-request export (Canny / Productboard-like)',
    table: 'feature_requests',
    fields: {
      requestId: ['id', 'post_id', 'request_id', 'note_id'],
      feature: ['feature', 'feature_name', 'linked_feature', 'title', 'post_title', 'idea'],
      accountId: ['company', 'company_name', 'account', 'organization', 'customer'],
      dealId: ['deal', 'deal_id', 'opportunity'],
      source: ['source', 'origin', 'submitted_via', 'requested_via', 'channel'],
      createdAt: ['created', 'created_at', 'created_date', 'date', 'submitted_at'],
      votes: ['votes', 'vote_count', 'score', 'upvotes'],
    },
    required: ['feature'],
    requireOneOf: [['accountId', 'votes', 'source']],
    signature: ['votes', 'vote_count', 'upvotes', 'company', 'company_name', 'post_title'],
    fileHints: ['requests', 'feature_requests', 'ideas', 'posts', 'canny', 'productboard'],
  },
  {
    id: 'changelog',
    vendor: 'Changelog / release list',
    table: 'releases',
    fields: {
      feature: ['feature', 'feature_id', 'title', 'name', 'summary'],
      releasedAt: ['released_at', 'release_date', 'published_at', 'date', 'shipped_at', 'published'],
      kind: ['kind', 'type', 'category', 'label', 'tag'],
      title: ['title', 'name'],
    },
    required: ['feature', 'releasedAt'],
    signature: ['release_date', 'published_at', 'version', 'shipped_at', 'date'],
    fileHints: ['changelog', 'releases', 'release_notes'],
  },
];

/**
 * Association tables: which record is linked to which, one pair a row. They are read only to
 * link tables (src/ingest/links.ts), never scored. Each layout names its two id columns; the
 * record kinds are fixed by the layout (defaults).
 */
const ASSOCIATIONS: Layout[] = (
  [
    // HubSpot as synced by Fivetran/Airbyte (engagement_deal, deal_company, ...) and the v3/v4 API's association exports.
    ['hubspot-association', 'HubSpot (association table, warehouse sync)', 'activity', ['engagement_id', 'engagementId', 'from_engagement_id'], 'deal', ['deal_id', 'dealId', 'to_deal_id'], ['engagement_deal', 'engagement_deals', 'engagement_deal_data']],
    ['hubspot-association', 'HubSpot (association table, warehouse sync)', 'activity', ['engagement_id', 'engagementId', 'from_engagement_id'], 'account', ['company_id', 'companyId', 'to_company_id'], ['engagement_company', 'engagement_companies', 'engagement_company_data']],
    ['hubspot-association', 'HubSpot (association table, warehouse sync)', 'activity', ['engagement_id', 'engagementId', 'from_engagement_id'], 'contact', ['contact_id', 'contactId', 'to_contact_id'], ['engagement_contact', 'engagement_contacts', 'engagement_contact_data']],
    ['hubspot-association', 'HubSpot (association table, warehouse sync)', 'deal', ['deal_id', 'dealId', 'from_deal_id'], 'account', ['company_id', 'companyId', 'to_company_id'], ['deal_company', 'deal_companies', 'deal_company_data']],
    ['hubspot-association', 'HubSpot (association table, warehouse sync)', 'deal', ['deal_id', 'dealId', 'from_deal_id'], 'contact', ['contact_id', 'contactId', 'to_contact_id'], ['deal_contact', 'deal_contacts', 'deal_contact_data']],
    // Salesforce: the contacts with a role on an opportunity, and contacts related to more accounts.
    ['salesforce-association', 'Salesforce (OpportunityContactRole)', 'deal', ['OpportunityId', 'Opportunity ID'], 'contact', ['ContactId', 'Contact ID'], ['opportunitycontactrole', 'opportunity_contact_role', 'contact_roles']],
    ['salesforce-association', 'Salesforce (AccountContactRelation)', 'contact', ['ContactId', 'Contact ID'], 'account', ['AccountId', 'Account ID'], ['accountcontactrelation', 'account_contact_relation']],
  ] as const
).map(([id, vendor, from, fromColumns, to, toColumns, fileHints]): Layout => ({
  id,
  vendor,
  table: 'associations',
  fields: { fromId: [...fromColumns], toId: [...toColumns] },
  defaults: { from, to },
  required: ['fromId', 'toId'],
  fileHints: [...fileHints],
}));

export const VENDOR_LAYOUTS: Layout[] = [...SALESFORCE, ...HUBSPOT, ...PIPEDRIVE, ...MAVEN, ...PRODUCT, ...ROADMAP, ...ASSOCIATIONS];

/** Every layout pullcheck knows: canonical first (it wins ties), then vendors. */
export const ALL_LAYOUTS: Layout[] = [...CANONICAL_LAYOUTS, ...VENDOR_LAYOUTS];
