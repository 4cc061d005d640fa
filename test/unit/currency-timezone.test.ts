import { describe, expect, it } from 'vitest';
import { isCurrencyCode } from '../../shared/domain/currency.js';
import { isIanaTimeZone } from '../../shared/domain/timezone.js';

describe('isCurrencyCode', () => {
  it.each(['USD', 'EUR', 'JPY', 'CHF', 'XAU', 'XOF', 'BOV', 'ZWG'])('accepts %s', (code) => {
    expect(isCurrencyCode(code)).toBe(true);
  });

  it.each(['usd', 'ABC', 'US', 'USDX', '', 'EU R', 'DEM'])('refuses %j', (code) => {
    expect(isCurrencyCode(code)).toBe(false);
  });
});

describe('isIanaTimeZone', () => {
  it.each(['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Kolkata', 'Etc/GMT+5', 'Pacific/Auckland'])('accepts %s', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(true);
  });

  it.each(['', 'Mars/Base', 'GMT+25', '+02:00', 'Europe/Pariss', 'utc/'])('refuses %j', (zone) => {
    expect(isIanaTimeZone(zone)).toBe(false);
  });
});
