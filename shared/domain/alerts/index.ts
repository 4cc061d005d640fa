/** Threshold alerts: exactly once per (budget, period, threshold, kind); fired and resolved from counter changes. */
export {
  ALERT_KINDS, ALERT_STATES, SEVERITIES, alertIdFor, crossings, reaches, thresholdSeverity, utilizationPercent,
  type AlertKind, type AlertQuery, type AlertRecord, type AlertState, type CounterSnapshot, type Severity,
} from './alerts.js';
export type { AlertListFilter, AlertStore } from './ports.js';
export { AlertService } from './service.js';
