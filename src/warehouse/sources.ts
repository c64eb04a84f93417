/**
 * The event tables `pullcheck sql` summarises, as data (docs/warehouse.md): which of pullcheck's
 * layouts reads the table (the same layouts that read the vendor's file exports, so a warehouse
 * table maps as its export would), the table's usual name and the columns the vendor's warehouse
 * schema gives it. `--columns` replaces the column list when a company's table differs.
 */
import type { TimestampKind } from './dialects.js';

export type SourceId = 'canonical' | 'segment' | 'posthog' | 'amplitude' | 'mixpanel';
export const SOURCE_IDS: readonly SourceId[] = ['canonical', 'segment', 'posthog', 'amplitude', 'mixpanel'];

export interface WarehouseSource {
  id: SourceId;
  /** The events layout (src/ingest/layouts.ts, vendor-layouts.ts) whose mapping the query compiles. */
  layout: string;
  /** Where the table comes from, for the header comment and the docs. */
  origin: string;
  /** The table's usual name (`--table` replaces it). */
  table: string;
  /** The columns of the vendor's warehouse schema that the layout may read. */
  columns: string[];
  timestamp: TimestampKind;
}

export const WAREHOUSE_SOURCES: Record<SourceId, WarehouseSource> = {
  canonical: {
    id: 'canonical',
    layout: 'pullcheck',
    origin: "pullcheck's canonical events table (docs/data-model.md)",
    table: 'events',
    columns: ['timestamp', 'user_id', 'account_id', 'event', 'feature'],
    timestamp: 'timestamp',
  },
  segment: {
    id: 'segment',
    layout: 'segment-tracks',
    origin: "Segment's warehouse `tracks` table",
    table: 'tracks',
    columns: ['id', 'anonymous_id', 'user_id', 'event', 'event_text', 'timestamp', 'original_timestamp', 'sent_at', 'received_at', 'uuid_ts', 'context_library_name'],
    timestamp: 'timestamp',
  },
  posthog: {
    id: 'posthog',
    layout: 'posthog',
    origin: "PostHog's `events` table (batch exports to BigQuery, Snowflake, Postgres, S3)",
    table: 'events',
    columns: ['uuid', 'event', 'properties', 'distinct_id', 'person_id', 'timestamp', 'elements_chain', 'created_at'],
    timestamp: 'timestamp',
  },
  amplitude: {
    id: 'amplitude',
    layout: 'amplitude',
    origin: "Amplitude's events table (export to Snowflake, BigQuery or S3)",
    table: 'events',
    columns: ['event_type', 'event_time', 'user_id', 'device_id', 'amplitude_id', 'event_properties', 'user_properties', 'groups', 'client_event_time', 'server_upload_time'],
    timestamp: 'timestamp',
  },
  mixpanel: {
    id: 'mixpanel',
    layout: 'mixpanel',
    origin: "Mixpanel's events table (Data Pipelines: `mp_master_event`)",
    table: 'mp_master_event',
    columns: ['event_name', 'time', 'distinct_id', 'insert_id', 'properties'],
    timestamp: 'timestamp',
  },
};
