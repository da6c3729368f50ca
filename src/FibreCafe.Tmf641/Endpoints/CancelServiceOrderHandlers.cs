using System.Globalization;
using System.Text.Json.Nodes;
using FibreCafe.Kci;
using FibreCafe.Requests;
using FibreCafe.Tmf641.Input;
using FibreCafe.Tmf641.Resources;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace FibreCafe.Tmf641.Endpoints;

/// <summary><c>POST /cancelServiceOrder</c>, <c>GET /cancelServiceOrder/{id}</c> and <c>GET /cancelServiceOrder</c>, over durable cancellation requests.</summary>
internal sealed class CancelServiceOrderHandlers(string prefix)
{
    private static readonly string[] Filters = ["state", "serviceOrder.id", "requestedCancellationDate.gt", "requestedCancellationDate.lt"];

    public Task CreateAsync(HttpContext context) => Tmf641Guard.RunAsync(context, async () =>
    {
        var options = Tmf641Http.OptionsOf(context);
        var (body, bodyProblem) = await Tmf641Body.ReadAsync(context, options.MaxRequestBodyBytes).ConfigureAwait(false);
        if (bodyProblem is not null)
        {
            await Tmf641Http.WriteAsync(context, bodyProblem).ConfigureAwait(false);
            return;
        }

        var (submission, problem) = CancelServiceOrderInput.Read(body, options);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        if (problem is null && context.Request.Headers.ContainsKey("Idempotency-Key") && (key.Length > Tmf641Constants.MaxIdempotencyKeyLength || string.IsNullOrWhiteSpace(key)))
        {
            problem = Tmf641Problem.BadRequest("Idempotency-Key", $"The Idempotency-Key header must be 1 to {Tmf641Constants.MaxIdempotencyKeyLength} characters, not blank.");
        }

        if (problem is null && options.HeadersToMetadata.FirstOrDefault(h => context.Request.Headers[h].ToString().Length > CancellationRequestMetadata.MaxValueLength) is { } longHeader)
        {
            problem = Tmf641Problem.BadRequest(longHeader, $"The {longHeader} header must be at most {CancellationRequestMetadata.MaxValueLength} characters.");
        }

        if (problem is not null)
        {
            await Tmf641Http.WriteAsync(context, problem).ConfigureAwait(false);
            return;
        }

        var metadata = new Dictionary<string, string>(submission!.Metadata!, StringComparer.Ordinal);
        foreach (var header in options.HeadersToMetadata)
        {
            if (context.Request.Headers[header].ToString() is { Length: > 0 } value)
            {
                metadata[Tmf641Constants.HeaderMetadataPrefix + header] = value;
            }
        }

        submission = submission with
        {
            Metadata = metadata,
            IdempotencyKey = key.Length > 0 ? Tmf641Constants.IdempotencyKeyPrefix + key : null,
            SubmittedBy = new CancellationRequestSubmitter
            {
                ProcessName = Tmf641Constants.SubmitterProcessName,
                ProcessId = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
                User = context.User.Identity?.Name,
            },
        };
        CancellationRequest request;
        try
        {
            request = await context.RequestServices.GetRequiredService<ICancellationRequests>().SubmitAsync(submission, context.RequestAborted).ConfigureAwait(false);
        }
        catch (CancellationRequestConflictException)
        {
            await Tmf641Http.WriteAsync(context, new Tmf641Problem(409, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used for another cancellation.",
                "Use a new key for a different cancellation; the same key with the same body returns the resource made the first time.")).ConfigureAwait(false);
            return;
        }

        context.RequestServices.GetRequiredService<Notifications.Tmf641FeedSignal>().Notify(); // its create event
        var links = Links(context, options);
        context.Response.Headers.Location = links.CancelServiceOrder(request.Id);
        await Tmf641Http.WriteAsync(context, StatusCodes.Status201Created, CancelServiceOrderResource.Of(request, null, links)).ConfigureAwait(false);
    });

    public Task RetrieveAsync(HttpContext context, string id) => Tmf641Guard.RunAsync(context, async () =>
    {
        var request = Guid.TryParseExact(id, "D", out var guid)
            ? await context.RequestServices.GetRequiredService<ICancellationRequests>().GetAsync(guid, context.RequestAborted).ConfigureAwait(false)
            : null;
        if (request is not { Kind: CancellationKind.ServiceOrder })
        {
            await Tmf641Http.WriteAsync(context, Tmf641Problem.NotFound("CancelServiceOrder")).ConfigureAwait(false);
            return;
        }

        var options = Tmf641Http.OptionsOf(context);
        var resource = await ResourceAsync(context, request, Links(context, options)).ConfigureAwait(false);
        var fields = FieldsProjection.Parse(context.Request.Query["fields"]);
        await Tmf641Http.WriteAsync(context, StatusCodes.Status200OK, fields?.Apply(resource) ?? resource).ConfigureAwait(false);
    });

    public Task ListAsync(HttpContext context) => Tmf641Guard.RunAsync(context, async () =>
    {
        var options = Tmf641Http.OptionsOf(context);
        var (list, problem) = ListQuery.Read(context.Request.Query, options.DefaultLimit, Filters);
        var (query, filterProblem) = list is null ? (null, null) : Filter(list);
        if ((problem ?? filterProblem) is { } bad)
        {
            await Tmf641Http.WriteAsync(context, bad).ConfigureAwait(false);
            return;
        }

        var page = await context.RequestServices.GetRequiredService<ICancellationRequests>().ListAsync(query!, context.RequestAborted).ConfigureAwait(false);
        var links = Links(context, options);
        var fields = FieldsProjection.Parse(list!.Fields);
        var items = new JsonArray();
        foreach (var request in page.Items)
        {
            var resource = await ResourceAsync(context, request, links).ConfigureAwait(false);
            items.Add(fields?.Apply(resource) ?? resource);
        }

        await Tmf641Http.WritePageAsync(context, items, page.Total).ConfigureAwait(false);
    });

    private static (CancellationRequestQuery?, Tmf641Problem?) Filter(ListQuery list)
    {
        List<CancellationRequestState>? states = null;
        if (list["state"] is { } stateText)
        {
            states = [];
            foreach (var value in stateText.Split(',', StringSplitOptions.TrimEntries))
            {
                if (TaskStates.Parse(value) is not { } mapped)
                {
                    return (null, Tmf641Problem.BadRequest("state", $"state must be accepted (or acknowledged), inProgress, done or terminatedWithError, not '{value}'."));
                }

                states.AddRange(mapped);
            }
        }

        long? orderId = null;
        if (list["serviceOrder.id"] is { } orderText)
        {
            if (!long.TryParse(orderText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1)
            {
                return (null, Tmf641Problem.BadRequest("serviceOrder.id", $"serviceOrder.id must be a Fibre Cafe order id (a whole number of at least 1), not '{orderText}'."));
            }

            orderId = parsed;
        }

        // The requested date is compared with the request's schedule (its requested date, else when it was submitted), to the millisecond.
        if (!TryTime(list, "requestedCancellationDate.gt", out var after, out var problem) || !TryTime(list, "requestedCancellationDate.lt", out var before, out problem))
        {
            return (null, problem);
        }

        return (new CancellationRequestQuery
        {
            Kind = CancellationKind.ServiceOrder,
            States = states,
            TargetId = orderId,
            ScheduledFrom = after is { } gt ? (gt < DateTimeOffset.MaxValue.AddMilliseconds(-1) ? gt.AddMilliseconds(1) : DateTimeOffset.MaxValue) : null,
            ScheduledBefore = before,
            Offset = list.Offset,
            Limit = list.Limit,
        }, null);
    }

    private static bool TryTime(ListQuery list, string name, out DateTimeOffset? value, out Tmf641Problem? problem)
    {
        (value, problem) = (null, null);
        if (list[name] is not { } text)
        {
            return true;
        }

        // An unescaped '+' of an offset arrives as a space.
        if (Tmf641Json.TryParseTime(text.Replace(' ', '+'), out var parsed))
        {
            value = parsed;
            return true;
        }

        problem = Tmf641Problem.BadRequest(name, $"{name} must be an RFC 3339 date-time with an offset, e.g. 2026-12-24T08:00:00Z, not '{text}'.");
        return false;
    }

    private static Task<JsonObject> ResourceAsync(HttpContext context, CancellationRequest request, Tmf641Links links) =>
        CancelServiceOrderResource.ReadAsync(request, context.RequestServices.GetRequiredService<ICancellationLedger>(), links, context.RequestAborted);

    private Tmf641Links Links(HttpContext context, Tmf641Options options) => Tmf641Links.For(context, prefix, options.PublicBaseAddress);
}
