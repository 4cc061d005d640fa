import { beforeAll, describe, expect, it } from 'vitest';
import {
  DynamoAlertStore, DynamoApprovalStore, DynamoAuditStore, DynamoBudgetStore, DynamoMoneyStore, DynamoPrivacyWriter, type TableContext,
} from '../../shared/adapters/dynamodb/index.js';
import { PrivacyService } from '../../shared/domain/privacy/index.js';
import { parseAmount } from '../../shared/domain/common/amount.js';
import { erasedReservation } from '../../shared/domain/privacy/erasure.js';
import { testAudit } from '../support/audit.js';
import { createBudget, newMoneyTable, plainServices, tableContext } from '../support/money-table.js';

/**
 * Issue 16, erasure under load and races, on the domain with DynamoDB Local: a request that runs
 * out of time leaves the scope to be found and finished, and a movement that read a record
 * before its erasure cannot write its text back.
 */
let table: TableContext;
const tenantId = 'privacy-races';
const scope = { type: 'user' as const, id: 'erin' };

beforeAll(async () => {
  table = tableContext(await newMoneyTable('privacy-races'));
});

describe('erasure', () => {
  it('stops before its time runs out, erasing no budget whose records are not done, and finishes when asked again', async () => {
    const services = plainServices(table);
    const id = await createBudget(services, tenantId, { name: 'Erin', scope, limit: '100' });
    for (let i = 0; i < 3; i++) {
      await services.money.recordUsage({ tenantId, keyId: 'key_test' }, id, { amountMicros: parseAmount('1'), description: `Erin ${i}` }, { respond: () => ({ status: 201, body: null }) });
    }
    // Less time than the erasure keeps back for its last writes: nothing is started.
    expect(await services.privacy.erase(tenantId, scope, 'request 1', testAudit, () => 1_000)).toEqual({ budgets: 0, records: 0, complete: false });
    // Time for one record, then none: the budget keeps its name, so the scope is still found.
    let calls = 0;
    const partial = await services.privacy.erase(tenantId, scope, 'request 1', testAudit, () => (calls++ < 2 ? 60_000 : 0));
    expect(partial).toMatchObject({ budgets: 0, complete: false });
    expect((await services.budgets.get(tenantId, id)).name).toBe('Erin');
    expect(await services.privacy.erase(tenantId, scope, 'request 1', testAudit, () => 60_000)).toEqual({ budgets: 1, records: 3 - partial.records, complete: true });
    expect((await services.budgets.get(tenantId, id)).name).toBe('[erased]');
    const requests = (await services.audit.list(tenantId, { action: 'privacy.erased' })).items;
    expect(requests.map((entry) => (entry.changes.erasure!.to as { complete: boolean }).complete)).toEqual([true, false, false]);
  });

  it('keeps a reservation erased against a release that read it before: the release fails its condition and reads again', async () => {
    const services = plainServices(table);
    const id = await createBudget(services, tenantId, { name: 'Race', scope: { type: 'user', id: 'race' }, limit: '100' });
    const held = await services.money.reserve({ tenantId, keyId: 'key_test' }, id, { amountMicros: parseAmount('5'), ttlSeconds: 60, description: 'Ravi\'s job' }, {
      respond: (reservation) => ({ status: 201, body: reservation }),
    });
    const store = new DynamoMoneyStore(table);
    const readBefore = (await store.getReservation(tenantId, (held.body as { id: string }).id))!;
    expect(await new DynamoPrivacyWriter(table).rewriteReservation(readBefore, erasedReservation(readBefore)!)).toBe(true);

    const stale = await store.move({
      counters: [], ledger: [], reservation: { transition: { after: { ...readBefore, status: 'released' } } }, nowMs: Date.now(),
    });
    expect(stale).toEqual({ ok: false, reason: 'reservation-not-held' });
    // Read again (as the movement runner does), the release keeps the erasure.
    await services.money.release({ tenantId, keyId: 'key_test' }, readBefore.id, { respond: (reservation) => ({ status: 200, body: reservation }) });
    expect(await store.getReservation(tenantId, readBefore.id)).toMatchObject({ status: 'released', description: '[erased]', textErased: true });
  });

  it('refuses an export past its record limit without reading the scope whole', async () => {
    const services = plainServices(table);
    const scopeOfTen = { type: 'user' as const, id: 'ten' };
    const id = await createBudget(services, tenantId, { name: 'Ten', scope: scopeOfTen, limit: '100' });
    for (let i = 0; i < 5; i++) {
      await services.money.recordUsage({ tenantId, keyId: 'key_test' }, id, { amountMicros: parseAmount('1') }, { respond: () => ({ status: 201, body: null }) });
    }
    const privacy = (maxExportRecords: number) => new PrivacyService({
      budgets: new DynamoBudgetStore(table), money: new DynamoMoneyStore(table), alerts: new DynamoAlertStore(table), approvals: new DynamoApprovalStore(table),
      writer: new DynamoPrivacyWriter(table), audit: new DynamoAuditStore(table), maxExportRecords,
    });
    // Five usage records and their five ledger entries.
    expect((await privacy(10).export(tenantId, scopeOfTen)).budgets[0]!.usage).toHaveLength(5);
    await expect(privacy(9).export(tenantId, scopeOfTen)).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
