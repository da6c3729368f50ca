using FibreCafe.Operations;
using FibreCafe.Operations.Api;
using FibreCafe.Operations.DependencyInjection;
using FibreCafe.Operations.Pages;
using FibreCafe.Operations.Rendering;
using FibreCafe.Operations.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Mounts the operations page in the host's endpoints.</summary>
public static class FibreCafeOperationsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the operations page under <paramref name="prefix"/>: the overview at <c>{prefix}/</c>, the inbox,
    /// cancellation requests, ledger and TMF641 subscriptions below it, the actions as POSTs, and the JSON stats at
    /// <c>{prefix}/api/stats</c>. Fails, so that the host does not start, when no view policy is configured (outside
    /// Development with the anonymous opt-in) or a configured policy is not registered.
    /// </summary>
    /// <param name="endpoints">The host's endpoints (usually the <c>WebApplication</c>).</param>
    /// <param name="prefix">A literal path such as <c>/fibrecafe</c> (no route parameters).</param>
    /// <returns>The group of the page's endpoints, for conventions of the host's own (e.g. rate limiting, CORS off).</returns>
    /// <exception cref="InvalidOperationException">The page is not registered, or its policies are missing.</exception>
    public static RouteGroupBuilder MapFibreCafeOperations(this IEndpointRouteBuilder endpoints, string prefix = OperationsConstants.DefaultMountPath)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        if (!prefix.StartsWith('/') || prefix.Length < 2 || prefix.EndsWith('/') || prefix.IndexOfAny(['{', '}', '*', '?', '#']) >= 0)
        {
            throw new ArgumentException($"The operations page's prefix must be a literal path such as '{OperationsConstants.DefaultMountPath}', not '{prefix}'.", nameof(prefix));
        }

        if (endpoints.ServiceProvider.GetService<OperationsRegistration>() is null)
        {
            throw new InvalidOperationException("Call services.AddFibreCafeOperations(...) before MapFibreCafeOperations.");
        }

        if (endpoints.ServiceProvider.GetService<FibreCafe.Kci.IKciInbox>() is null)
        {
            throw new InvalidOperationException("The operations page reads the receiver's stores: call services.AddFibreCafeKciReceiver(...) with a store as well.");
        }

        endpoints.ServiceProvider.GetRequiredService<OperationsAccess>().EnsureConfigured();
        var run = new OperationsEndpoints(prefix);
        var group = endpoints.MapGroup(prefix);
        group.ExcludeFromDescription();

        group.MapGet("/", run.Page(OverviewPage.ShowAsync));
        group.MapGet("/assets/operations.css", (Delegate)Stylesheet.GetAsync); // no policy: it tells nothing, and a host's login page may use it
        group.MapGet("/api/stats", run.Page(StatsEndpoint.GetAsync, OperationsRight.Stats));

        group.MapGet("/inbox", run.Page(InboxPages.ListAsync));
        group.MapGet("/inbox/{id:guid}", (HttpContext c, Guid id) => run.Page(p => InboxPages.DetailAsync(p, id))(c));
        group.MapPost("/inbox/{id:guid}/replay", (HttpContext c, Guid id) => run.Action((p, _) => InboxPages.ReplayAsync(p, id))(c));

        group.MapGet("/requests", run.Page(RequestPages.ListAsync));
        group.MapGet("/requests/{id:guid}", (HttpContext c, Guid id) => run.Page(p => RequestPages.DetailAsync(p, id))(c));
        group.MapPost("/requests/{id:guid}/{action}", (HttpContext c, Guid id, string action) => run.Action((p, form) => RequestPages.ActAsync(p, id, action, form))(c));

        group.MapGet("/ledger", run.Page(LedgerPage.ShowAsync));

        group.MapGet("/subscriptions", run.Page(SubscriptionPages.ListAsync));
        group.MapGet("/subscriptions/{id:guid}", (HttpContext c, Guid id) => run.Page(p => SubscriptionPages.DetailAsync(p, id))(c));
        group.MapPost("/subscriptions/{id:guid}/retry", (HttpContext c, Guid id) => run.Action((p, form) => SubscriptionPages.RetryAsync(p, id, form))(c));
        return group;
    }
}
