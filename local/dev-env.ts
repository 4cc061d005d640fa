/**
 * Settings of `npm start` that must be in place before any module creates the Powertools
 * logger (it reads the environment once): log entries indented for a terminal. Imported
 * first by local/start.ts; a value set by the user wins. Metrics need nothing: outside
 * Lambda they are off (shared/observability/metrics.ts).
 */
process.env.POWERTOOLS_DEV ??= 'true';
