import { CostExplorerActuals, costExplorerClient } from '../adapters/cost-explorer/cost-explorer-source.js';

/**
 * Cost Explorer (us-east-1) for one import run: requests and pages counted, results cached
 * for the run. Apart from costs.ts so the cost routes' bundle does not carry the client.
 */
export function costExplorerForRun(): CostExplorerActuals {
  return new CostExplorerActuals(costExplorerClient());
}
