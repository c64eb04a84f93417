/** `pullcheck sql`: options → the event summary query for a warehouse (src/warehouse/) → stdout. */
import { Command, Option } from 'commander';
import type { Io } from '../core/io.js';
import { toolVersion } from '../core/tool.js';
import { DIALECT_IDS, TIMESTAMP_KINDS, type DialectId, type TimestampKind } from '../warehouse/dialects.js';
import { SOURCE_IDS, type SourceId } from '../warehouse/sources.js';
import { summarySql } from '../warehouse/summary-sql.js';

export function registerSql(program: Command, io: Io): void {
  program
    .command('sql')
    .description("print the SQL that summarises a warehouse's event table into the file analyze reads (docs/warehouse.md)")
    .addOption(new Option('-d, --dialect <dialect>', 'SQL dialect of the warehouse').choices([...DIALECT_IDS]).makeOptionMandatory())
    .addOption(new Option('-s, --source <source>', 'where the events table comes from').choices([...SOURCE_IDS]).makeOptionMandatory())
    .option('-t, --table <name>', "the events table, qualified as the warehouse names it (default: the source's usual name)")
    .option('-c, --columns <list>', "the table's columns, comma-separated (default: the source's warehouse schema)")
    .addOption(new Option('--timestamp <kind>', 'how the timestamp column holds time').choices([...TIMESTAMP_KINDS]))
    .addHelpText('after', `
Examples:
  pullcheck sql --dialect postgres --source segment --table analytics.tracks > event_summary.sql
  pullcheck sql --dialect bigquery --source posthog --table my-project.posthog.events
  pullcheck sql --dialect snowflake --source amplitude --table AMPLITUDE.EVENTS_123
  pullcheck sql --dialect duckdb --source mixpanel --table mp_events --columns "event,time,distinct_id,properties" --timestamp epoch-seconds

Exit codes: 0 printed · 2 the columns lack what an event needs, or a bad option · 3 internal error
`)
    .action((flags: { dialect: DialectId; source: SourceId; table?: string; columns?: string; timestamp?: TimestampKind }) => {
      const columns = flags.columns?.split(',').map((c) => c.trim()).filter((c) => c !== '');
      const { sql } = summarySql({ dialect: flags.dialect, source: flags.source, table: flags.table, columns, timestamp: flags.timestamp, version: toolVersion() });
      io.stdout.write(sql);
    });
}
