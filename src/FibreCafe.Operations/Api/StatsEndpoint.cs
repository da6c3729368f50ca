using System.Text.Json;
using FibreCafe.Operations.Rendering;
using Microsoft.AspNetCore.Http;

namespace FibreCafe.Operations.Api;

/// <summary><c>GET {mount}/api/stats</c>: the overview's numbers as JSON, for a monitoring system (its own policy).</summary>
internal static class StatsEndpoint
{
    public static async Task<IResult> GetAsync(OperationsPage page)
    {
        var stats = await page.Service<OperationsStatistics>().CollectAsync(countDone: false, page.Aborted).ConfigureAwait(false);
        page.Http.Response.Headers.CacheControl = "no-store";
        return Results.Json(stats, OperationsJsonContext.Default.OperationsStats);
    }
}
