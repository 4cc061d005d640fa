import { forecastingFromEnv } from '../../shared/app/forecasting.js';
import { forecastSeries } from '../../shared/domain/forecasting/index.js';
import { createApiHandler } from '../../shared/http/api-handler.js';
import { budgetForecastView, seriesForecastView } from '../../shared/http/views/index.js';

export const handler = createApiHandler('forecasts', {
  getBudgetForecast: async (request) => ({
    status: 200,
    body: budgetForecastView(await forecastingFromEnv().forecasts.forecast(request.caller.tenantId, request.pathParameters.id ?? '', request.query)),
  }),
  createForecast: async (request) => ({
    status: 200,
    body: seriesForecastView(forecastSeries(request.body), { granularity: request.body.granularity, start: request.body.start, valueCount: request.body.values.length }),
  }),
});
