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
import { CANONICAL_LAYOUTS, FALSE_VALUES, TRUE_VALUES, type Layout, type LookupLayout, type NotATableShape } from './layouts.js';

/** Keys under which events carry their account (group) in JSON properties. */
const ACCOUNT_KEYS = ['account_id', 'accountId', 'company_id', 'companyId', 'organization_id', 'org_id', 'group_id', '$groups.company', '$groups.account', '$groups.organization', 'company', 'account', 'organization', '$group_id'];
/** Keys under which people tables carry a job title, and a company name. */
const TITLE_KEYS = ['title', 'job_title', 'jobTitle', 'role', '$title'];
const COMPANY_KEYS = ['company', 'company_name', 'companyName', 'organization', '$company'];
/** Keys under which people tables carry when a user activated, and who invited them. */
const ACTIVATED_KEYS = ['activated_at', 'activatedAt', 'activation_date'];
const INVITED_KEYS = ['invited_by', 'invitedBy', 'inviter_id'];
/** A file with an event column holds events, however much it looks like people. */
const PEOPLE_FORBID = ['event', 'event_type', 'event_name', 'event_text'];
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
    // Fivetran's `deal` table holds stage ids, labelled in `deal_pipeline_stage` (LOOKUP_LAYOUTS).
    lookups: { stage: 'deal-stage' },
    lookupColumns: { stage: ['deal_pipeline_stage_id'] },
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
  ...(
    [
      // Segment's `users` table: one row per user, keyed by `id`.
      ['segment-users', 'Segment (warehouse users table)', ['id'], ['user_id', ...PEOPLE_FORBID], undefined, ['users']],
      // `identifies`: one row per identify call (`id` is the call's), merged into one user each.
      ['segment-identifies', 'Segment (warehouse identifies table)', ['user_id'], PEOPLE_FORBID, 'userId', ['identifies']],
    ] as const
  ).map(([id, vendor, userId, forbid, mergeRowsBy, fileHints]): Layout => ({
    id,
    vendor,
    table: 'users',
    fields: {
      userId: [...userId],
      accountId: ['company_id', 'group_id', 'account_id', 'context_traits_company_id', 'context_group_id'],
      signupAt: ['created_at', 'context_traits_created_at', 'timestamp', 'received_at'],
      activatedAt: ['activated_at', 'context_traits_activated_at'],
      title: ['title', 'job_title', 'context_traits_title', 'context_traits_job_title'],
      role: ['role', 'context_traits_role'],
      email: ['email', 'context_traits_email'],
      company: ['company_name', 'company', 'context_traits_company_name', 'context_traits_company'],
      domain: ['company_domain', 'context_traits_company_domain', 'domain'],
      invitedBy: ['invited_by'],
    },
    required: ['userId', 'signupAt'],
    signature: ['received_at', 'uuid_ts', 'context_library_name', 'anonymous_id'],
    forbid: [...forbid],
    ...(mergeRowsBy ? { mergeRowsBy } : {}),
    fileHints: [...fileHints],
  })),
  {
    id: 'posthog-persons',
    vendor: 'PostHog (persons export)',
    table: 'users',
    fields: {
      userId: ['distinct_id', 'person.distinct_id', 'distinct_ids', 'person_id', 'id'],
      signupAt: ['created_at', 'person.created_at'],
      email: ['properties.email', 'person.properties.email', 'email'],
      title: ['properties.title', 'properties.job_title', 'properties.role'],
      company: ['properties.company', 'properties.company_name'],
      accountId: ['properties.company_id', 'properties.account_id', 'properties.organization_id'],
      activatedAt: ['properties.activated_at'],
      invitedBy: ['properties.invited_by'],
    },
    json: {
      email: { columns: ['properties'], keys: ['email', '$email'] },
      activatedAt: { columns: ['properties'], keys: ACTIVATED_KEYS },
      invitedBy: { columns: ['properties'], keys: INVITED_KEYS },
      title: { columns: ['properties'], keys: TITLE_KEYS },
      company: { columns: ['properties'], keys: COMPANY_KEYS },
      accountId: { columns: ['properties'], keys: ['company_id', 'account_id', 'organization_id', 'org_id', '$groups.company', '$group_0'] },
      domain: { columns: ['properties'], keys: ['company_domain', '$initial_referring_domain_company'] },
    },
    required: ['userId', 'signupAt'],
    signature: ['distinct_ids', 'is_identified', 'person_id', 'properties', 'properties.email', 'person.properties.email'],
    forbid: PEOPLE_FORBID,
    fileHints: ['persons', 'people', 'posthog_persons'],
  },
  {
    id: 'mixpanel-people',
    vendor: 'Mixpanel (people export)',
    table: 'users',
    fields: {
      userId: ['$distinct_id', 'distinct_id'],
      signupAt: ['$created', '$properties.$created', 'created'],
      email: ['$email', '$properties.$email', 'email'],
      title: ['title', 'job_title', 'role', '$properties.title', '$properties.job_title', '$properties.role'],
      company: ['company', 'company_name', '$properties.company', '$properties.company_name'],
      accountId: ['company_id', 'account_id', '$properties.company_id', '$properties.account_id'],
      activatedAt: ['activated_at', '$properties.activated_at'],
      invitedBy: ['invited_by', '$properties.invited_by'],
    },
    required: ['userId'],
    signature: ['$distinct_id', '$email', '$created', '$last_seen', '$properties.$email', '$properties.$created'],
    forbid: PEOPLE_FORBID,
    fileHints: ['people', 'mixpanel_people', 'profiles'],
  },
  {
    id: 'amplitude-users',
    vendor: 'Amplitude (user export / user lookup)',
    table: 'users',
    fields: {
      userId: ['user_id', 'amplitude_id'],
      signupAt: ['user_creation_time', 'first_used', 'first_seen', 'First Seen'],
      email: ['email'],
      title: ['title', 'job_title'],
      company: ['company', 'company_name'],
      accountId: ['account_id', 'company_id'],
      activatedAt: ['activated_at'],
      invitedBy: ['invited_by'],
    },
    json: {
      email: { columns: ['user_properties'], keys: ['email', '$email'] },
      activatedAt: { columns: ['user_properties'], keys: ACTIVATED_KEYS },
      invitedBy: { columns: ['user_properties'], keys: INVITED_KEYS },
      title: { columns: ['user_properties'], keys: TITLE_KEYS },
      company: { columns: ['user_properties'], keys: COMPANY_KEYS },
      accountId: { columns: ['user_properties', 'groups'], keys: ['account_id', 'company_id', 'company', 'account', 'org_id'] },
    },
    required: ['userId', 'signupAt'],
    signature: ['amplitude_id', 'user_properties', 'first_used', 'First Seen'],
    forbid: PEOPLE_FORBID,
    fileHints: ['users', 'amplitude_users', 'user_lookup'],
  },
  {
    id: 'pendo-visitors',
    vendor: 'Pendo (visitors export / visitor_history)',
    table: 'users',
    fields: {
      userId: ['visitorId', 'visitor_id', 'Visitor ID', 'id'],
      accountId: ['accountId', 'account_id', 'Account ID', 'last_account_id'],
      signupAt: ['firstVisit', 'first_visit', 'First Visit'],
      email: ['email', 'agent_email', 'Email'],
      title: ['title', 'agent_title', 'job_title'],
      role: ['role', 'agent_role'],
    },
    required: ['userId', 'signupAt'],
    signature: ['firstVisit', 'first_visit', 'lastVisit', 'last_visit', 'First Visit'],
    forbid: PEOPLE_FORBID,
    fileHints: ['visitors', 'visitor_history', 'pendo_visitors'],
  },
  {
    id: 'product-users',
    vendor: "Product's own users table",
    table: 'users',
    fields: {
      userId: ['user_id', 'id', 'uid', 'user_uuid', 'external_id'],
      email: ['email', 'email_address', 'e_mail', 'user_email'],
      signupAt: ['signup_at', 'signed_up_at', 'signed_up', 'signup_date', 'sign_up_date', 'created_at', 'created', 'registered_at', 'date_joined', 'joined_at', 'joindate', 'created_on', 'inserted_at'],
      activatedAt: ['activated_at'],
      title: ['title', 'job_title', 'position'],
      role: ['role', 'persona'],
      accountId: ['account_id', 'organization_id', 'organisation_id', 'org_id', 'company_id', 'workspace_id', 'team_id', 'tenant_id'],
      company: ['company', 'company_name', 'organization', 'organisation', 'organization_name'],
      domain: ['domain', 'company_domain', 'website'],
      invitedBy: ['invited_by', 'inviter_id', 'invited_by_user_id', 'invited_by_id'],
    },
    required: ['userId', 'email', 'signupAt'],
    forbid: PEOPLE_FORBID,
    fileHints: ['users', 'user', 'members', 'accounts_users', 'people'],
  },
  {
    id: 'pendo',
    vendor: 'Pendo (feature events export)',
    table: 'events',
    fields: {
      timestamp: ['day', 'browserTime', 'date', 'hour', 'timestamp'],
      event: ['featureName', 'feature_name', 'pageName'],
      feature: ['featureName', 'feature_name'],
      userId: ['visitorId', 'visitor_id'],
      accountId: ['accountId', 'account_id'],
      count: ['numEvents', 'num_events'],
    },
    required: ['timestamp', 'event'],
    requireOneOf: [['userId', 'accountId']],
    signature: ['visitorId', 'visitor_id', 'numEvents', 'numMinutes'],
    fileHints: ['pendo', 'features', 'feature_events'],
  },
  {
    // Pendo's API aggregations and Fivetran's `feature_event` carry feature ids; their names are
    // in `feature_history` (LOOKUP_LAYOUTS).
    id: 'pendo-feature-ids',
    vendor: 'Pendo (feature_event by feature id; names from feature_history)',
    table: 'events',
    fields: {
      timestamp: ['day', 'timestamp', 'browserTime', 'hour', 'date'],
      event: ['feature_id', 'featureId'],
      feature: ['feature_id', 'featureId'],
      userId: ['visitor_id', 'visitorId'],
      accountId: ['account_id', 'accountId'],
      count: ['num_events', 'numEvents'],
    },
    required: ['timestamp', 'event'],
    requireOneOf: [['userId', 'accountId']],
    signature: ['visitorId', 'visitor_id', 'numEvents', 'num_events', 'num_minutes'],
    lookups: { event: 'feature', feature: 'feature' },
    fileHints: ['feature_event', 'feature_events', 'pendo'],
  },
  {
    id: 'mixpanel-fivetran',
    vendor: 'Mixpanel (Fivetran event table)',
    table: 'events',
    fields: {
      timestamp: ['time'],
      event: ['name', 'event'],
      userId: ['distinct_id', 'user_id'],
      accountId: ['company_id', 'account_id', 'group_id'],
      feature: ['feature', 'feature_name'],
    },
    json: { accountId: { columns: ['properties'], keys: ACCOUNT_KEYS }, feature: { columns: ['properties'], keys: FEATURE_KEYS } },
    required: ['timestamp', 'event', 'userId'],
    signature: ['_fivetran_id', 'insert_id'],
    fileHints: ['event', 'events', 'mixpanel_event'],
  },
];

const ROADMAP: Layout[] = [
  {
    id: 'requests',
    vendor: 'Feature-request export (Canny / Productboard-like)',
    table: 'feature_requests',
    fields: {
      requestId: ['id', 'post_id', 'request_id', 'note_id'],
      feature: ['feature', 'feature_name', 'linked_feature', 'features', 'feature_request', 'title', 'post_title', 'idea', 'request'],
      accountId: ['company', 'company_name', 'account', 'organization', 'customer', 'account_name'],
      dealId: ['deal', 'deal_id', 'opportunity'],
      source: ['source', 'origin', 'submitted_via', 'requested_via', 'channel'],
      createdAt: ['created', 'created_at', 'created_date', 'date', 'submitted_at', 'requested_on', 'requested_at', 'date_requested', 'request_date'],
      votes: ['votes', 'vote_count', 'score', 'upvotes'],
    },
    required: ['feature'],
    requireOneOf: [['accountId', 'votes', 'source']],
    signature: ['votes', 'vote_count', 'upvotes', 'company', 'company_name', 'post_title', 'customer', 'feature_request', 'requested_on', 'date_requested', 'requested_by', 'requester'],
    // A release date makes it a changelog that names its customers.
    forbid: ['release_date', 'released_at', 'released_on', 'shipped_at', 'shipped_on', 'published_at', 'launch_date'],
    fileHints: ['requests', 'feature_requests', 'ideas', 'posts', 'canny', 'productboard'],
  },
  {
    id: 'changelog',
    vendor: 'Changelog / release-notes sheet',
    table: 'releases',
    fields: {
      feature: ['feature', 'feature_name', 'feature_id', 'title', 'name', 'summary', 'change', 'what_changed', 'changes', 'item', 'headline', 'release_title', 'release_name', 'update', 'features', 'release'],
      releasedAt: ['released_at', 'release_date', 'released_on', 'published_at', 'date', 'shipped_at', 'shipped_on', 'ship_date', 'published', 'launch_date', 'launched_at', 'go_live_date', 'live_date'],
      kind: ['kind', 'type', 'category', 'label', 'tag', 'change_type', 'release_type', 'type_of_change'],
      title: ['title', 'name', 'summary', 'description'],
      requestedBy: ['requested_by', 'requested by', 'requester', 'customer', 'customers', 'requested_by_customer', 'request_source', 'requested_for'],
    },
    required: ['feature', 'releasedAt'],
    // A release date under any of its names, or a column only changelogs have ("date" alone is too common a pair with "title").
    signature: ['release_date', 'released', 'released_on', 'release', 'published_at', 'published', 'shipped', 'shipped_at', 'shipped_on', 'ship_date', 'launch_date', 'launched_at', 'go_live_date', 'live_date', 'date', 'version', 'requested_by', 'change_type'],
    forbid: ['event', 'event_type', 'votes', 'tag_name'],
    fileHints: ['changelog', 'releases', 'release_notes', 'whats_new', 'product_updates'],
  },
  {
    id: 'jira-versions',
    vendor: 'Jira (fix versions / releases export)',
    table: 'releases',
    fields: {
      feature: ['Version', 'Name', 'Fix Version', 'Version name'],
      releasedAt: ['Release date', 'releaseDate', 'userReleaseDate'],
      title: ['Description'],
      // Read only to exclude unreleased versions (excludeRows).
      released: ['Released', 'Status'],
    },
    required: ['feature', 'releasedAt'],
    signature: ['Released', 'releaseDate', 'userReleaseDate', 'Start date', 'startDate', 'Progress', 'projectId'],
    excludeRows: [{ code: 'NOT_RELEASED', columns: ['Released', 'Status'], values: [...FALSE_VALUES, 'unreleased'], reason: 'a version not released yet' }],
    fileHints: ['versions', 'fix_versions', 'releases', 'jira'],
  },
  {
    id: 'linear-issues',
    vendor: 'Linear (issues export; completed issues as releases)',
    table: 'releases',
    fields: {
      feature: ['Title'],
      releasedAt: ['Completed', 'Completed At', 'completedAt'],
      kind: ['Labels', 'Label'],
      title: ['Title'],
    },
    required: ['feature', 'releasedAt'],
    signature: ['Cycle Name', 'Cycle Number', 'Triaged', 'Project Milestone', 'Estimate', 'Canceled'],
    excludeRows: [
      { code: 'NOT_COMPLETED', columns: ['Completed', 'Completed At', 'completedAt'], values: [''], reason: 'an issue not completed' },
      { code: 'CANCELED', columns: ['Canceled', 'Canceled At', 'canceledAt'], values: ['*'], reason: 'a canceled issue' },
    ],
    fileHints: ['linear', 'issues', 'export'],
  },
  {
    id: 'github-releases',
    vendor: 'GitHub (releases export)',
    table: 'releases',
    fields: {
      feature: ['name', 'tag_name'],
      releasedAt: ['published_at', 'created_at'],
      title: ['name', 'tag_name'],
    },
    required: ['feature', 'releasedAt'],
    signature: ['tag_name'],
    excludeRows: [{ code: 'DRAFT_RELEASE', columns: ['draft'], values: TRUE_VALUES, reason: 'a draft release (not published)' }],
    fileHints: ['releases', 'github_releases'],
  },
];

/**
 * Lookup tables: a second table that translates the ids a table carries (see `Layout.lookups`).
 * Recognised before the tables (an OpportunityStage row has IsWon like a deal), so each needs a
 * signature no table has.
 */
export const LOOKUP_LAYOUTS: LookupLayout[] = [
  {
    id: 'hubspot-deal-pipeline-stage',
    vendor: 'HubSpot (deal_pipeline_stage: Fivetran / API)',
    lookup: 'deal-stage',
    describes: 'deal stage id → label, won, closed',
    fields: { key: ['stage_id', 'stageId'], label: ['label'], won: ['closed_won', 'metadata.isClosedWon'], closed: ['is_closed', 'metadata.isClosed'], updatedAt: ['updated_at', 'updatedAt'] },
    required: ['key', 'label'],
    signature: ['closed_won', 'stage_id', 'metadata.isClosed'],
    // HubSpot's default sales pipeline: its stage ids are fixed words, also without the table.
    builtIn: {
      appointmentscheduled: { label: 'Appointment Scheduled', closed: false },
      qualifiedtobuy: { label: 'Qualified To Buy', closed: false },
      presentationscheduled: { label: 'Presentation Scheduled', closed: false },
      decisionmakerboughtin: { label: 'Decision Maker Bought-In', closed: false },
      contractsent: { label: 'Contract Sent', closed: false },
      closedwon: { label: 'Closed Won', won: true, closed: true },
      closedlost: { label: 'Closed Lost', won: false, closed: true },
    },
  },
  {
    id: 'salesforce-opportunity-stage',
    vendor: 'Salesforce (OpportunityStage)',
    lookup: 'deal-stage',
    describes: 'deal stage → won, closed',
    fields: { key: ['ApiName', 'MasterLabel'], label: ['MasterLabel'], won: ['IsWon'], closed: ['IsClosed'] },
    required: ['key', 'label'],
    signature: ['MasterLabel', 'DefaultProbability', 'ForecastCategoryName'],
  },
  {
    id: 'hubspot-deal-pipeline',
    vendor: 'HubSpot (deal_pipeline: Fivetran / API)',
    lookup: 'deal-pipeline',
    describes: 'deal pipeline id → label',
    fields: { key: ['pipeline_id', 'pipelineId'], label: ['label'], updatedAt: ['updated_at', 'updatedAt'] },
    required: ['key', 'label'],
    signature: ['pipeline_id', 'pipelineId'],
  },
  {
    id: 'pendo-feature-history',
    vendor: 'Pendo (feature / feature_history: Fivetran / API)',
    lookup: 'feature',
    describes: 'feature id → name',
    fields: { key: ['id', 'feature_id'], label: ['name', 'feature_name'], updatedAt: ['last_updated_at', 'lastUpdatedAt', '_fivetran_synced'] },
    required: ['key', 'label'],
    signature: ['is_core_event', 'isCoreEvent', 'root_version_id', 'rootVersionId', 'stable_version_id', 'elementPathRules', 'element_path_rules'],
  },
];

/**
 * Files that are not one of the tables though they look like one (NotATableShape): checked
 * before the tables, skipped with the reason. A config entry naming the file's table wins.
 */
export const NOT_A_TABLE_SHAPES: NotATableShape[] = [
  {
    id: 'salesforce-opportunity-history',
    vendor: 'Salesforce (OpportunityHistory / OpportunityFieldHistory)',
    kind: 'history',
    anyOf: [['OpportunityId', 'StageName'], ['OpportunityId', 'PrevAmount'], ['OpportunityId', 'PrevCloseDate'], ['OpportunityId', 'OldValue', 'NewValue'], ['From Stage', 'To Stage']],
    reason: 'one row per change of an opportunity, not one per deal: read as deals it would count each deal several times',
  },
  {
    id: 'hubspot-deal-stage-history',
    vendor: 'HubSpot (deal_stage history: Fivetran)',
    kind: 'history',
    anyOf: [['deal_id', 'date_entered'], ['dealId', 'dateEntered']],
    reason: 'one row per stage a deal entered, not one per deal; the deals table holds their current stage',
  },
  {
    id: 'hubspot-property-history',
    vendor: 'HubSpot (deal / contact / company property history: Fivetran)',
    kind: 'history',
    anyOf: [['deal_id', 'value', 'source_id', 'timestamp'], ['contact_id', 'value', 'source_id', 'timestamp'], ['company_id', 'value', 'source_id', 'timestamp']],
    reason: 'one row per change of one property, not one per record',
  },
  {
    id: 'snapshot',
    vendor: 'Snapshot / slowly changing table (dbt snapshot, daily snapshot)',
    kind: 'history',
    anyOf: [['dbt_valid_from'], ['dbt_scd_id'], ['snapshot_date'], ['snapshot_at'], ['snapshot_day'], ['valid_from', 'valid_to']],
    reason: 'one row per record per snapshot: read as a table it would count each record once per snapshot; export the latest snapshot only',
  },
  {
    id: 'salesforce-user',
    vendor: 'Salesforce (User object: the CRM’s own staff)',
    kind: 'staff',
    anyOf: [['Username', 'ProfileId'], ['Username', 'UserRoleId'], ['TimeZoneSidKey', 'LocaleSidKey'], ['Username', 'Alias', 'CommunityNickname']],
    reason: 'the company’s own CRM users (sales reps, managers), not the people deals are sold to',
  },
  {
    id: 'hubspot-owners',
    vendor: 'HubSpot (owners: the CRM’s own staff)',
    kind: 'staff',
    anyOf: [['owner_id', 'first_name', 'last_name'], ['owner_id', 'active_user_id'], ['ownerId', 'firstName', 'lastName'], ['firstName', 'lastName', 'userId', 'teams'], ['Owner ID', 'First Name', 'Last Name']],
    noneOf: ['Job Title', 'jobtitle', 'property_jobtitle'],
    reason: 'HubSpot owners are the company’s own CRM users, not the people deals are sold to',
  },
  {
    id: 'page-views',
    vendor: 'Page views (Segment pages / web analytics)',
    kind: 'page-views',
    anyOf: [['url', 'path'], ['url', 'referrer'], ['path', 'referrer'], ['page_url', 'page_path'], ['page_path', 'referrer'], ['pathname', 'referrer']],
    noneOf: ['event', 'event_type', 'event_name', 'event_text', 'action'],
    reason: 'page views say which pages were seen, not who the users are nor which features they use',
  },
  {
    id: 'segment-screens',
    vendor: 'Segment (screens table)',
    kind: 'page-views',
    anyOf: [['name', 'user_id'], ['name', 'anonymous_id']],
    noneOf: ['event', 'event_type', 'event_name', 'event_text'],
    nameHints: ['screens', 'screen', 'screen_views'],
    reason: 'screen views say which screens were seen, not who the users are nor which features they use',
  },
];

export const VENDOR_LAYOUTS: Layout[] = [...SALESFORCE, ...HUBSPOT, ...PIPEDRIVE, ...MAVEN, ...PRODUCT, ...ROADMAP];

/** Every layout pullcheck knows: canonical first (it wins ties), then vendors. */
export const ALL_LAYOUTS: Layout[] = [...CANONICAL_LAYOUTS, ...VENDOR_LAYOUTS];
