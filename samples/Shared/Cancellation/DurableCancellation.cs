using System.Text.Json.Nodes;
using FibreCafe.Kci;
using FibreCafe.Requests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FibreCafe.Samples;

/// <summary>
/// <c>--at</c> and <c>--idempotency-key</c>: the cancellation goes through a durable request. The sample prints the
/// stored request at once, keeps the host (and so the processing run) going until the request was sent, then prints
/// what the gateway answered in the same shape as a direct call does.
/// </summary>
internal static class DurableCancellation
{
    /// <summary>Submits the request and prints the <c>scheduled</c> line; returns the request.</summary>
    public static async Task<CancellationRequest> SubmitAsync(IServiceProvider services, CancellationJob job, SampleArguments arguments, CancellationToken cancellationToken)
    {
        CancellationRequest request;
        try
        {
            request = await services.GetRequiredService<ICancellationRequests>().SubmitAsync(
                job.Submission(arguments) with
                {
                    ScheduledFor = arguments.At,
                    IdempotencyKey = arguments.IdempotencyKey,
                    SubmittedBy = CancellationRequestSubmitter.CurrentProcess(Environment.UserName),
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FibreCafe.Client.FibreCafeValidationException or CancellationRequestConflictException)
        {
            throw new SampleUsageException(ex.Message); // nothing was stored
        }

        JsonLines.Write(new JsonObject
        {
            ["outcome"] = "scheduled",
            ["request"] = new JsonObject
            {
                ["id"] = request.Id,
                ["number"] = request.Number,
                ["state"] = request.State.ToString(),
                ["scheduledFor"] = request.ScheduledFor,
            },
        });
        return request;
    }

    /// <summary>Waits until the gateway answered the request (or <paramref name="wait"/> past its due time), and gives the sample's outcome line.</summary>
    public static async Task<(JsonObject Line, int ExitCode)> WaitForAnswerAsync(
        IServiceProvider services, CancellationRequest request, TimeSpan wait, CancellationToken cancellationToken)
    {
        var requests = services.GetRequiredService<ICancellationRequests>();
        var giveUpAt = (request.ScheduledFor > DateTimeOffset.UtcNow ? request.ScheduledFor : DateTimeOffset.UtcNow) + wait;
        var current = request;
        while (!Answered(current) && DateTimeOffset.UtcNow < giveUpAt)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
            current = await requests.GetAsync(request.Id, cancellationToken).ConfigureAwait(false) ?? current;
        }

        return OutcomeOf(current);
    }

    private static bool Answered(CancellationRequest r) =>
        r.CancellationId is not null || r.State is CancellationRequestState.Refused or CancellationRequestState.Parked or CancellationRequestState.Withdrawn;

    private static (JsonObject Line, int ExitCode) OutcomeOf(CancellationRequest r)
    {
        if (r.CancellationId is { } id)
        {
            return (OutcomeJson.CreatedLine(r.LastRequestId, r.ConversationId, r.ResponseBody is { } body ? JsonNode.Parse(body) : new JsonObject { ["id"] = id }), OutcomeJson.Created);
        }

        var refused = r.State == CancellationRequestState.Refused;
        var line = OutcomeJson.FailedLine(!refused, r.ResponseStatus, r.ErrorCode, r.ErrorMessage?.Split('\n') ?? [], r.ErrorUuid, r.LastRequestId, r.ConversationId);
        if (!refused)
        {
            line["mayHaveBeenProcessed"] = r.State == CancellationRequestState.Sending || r.ParkReason == CancellationRequestParkReason.MayHaveBeenProcessed;
            line["state"] = r.State.ToString();
        }

        return (line, refused ? OutcomeJson.Rejected : OutcomeJson.Unavailable);
    }
}

/// <summary>
/// <c>--at</c> against a configured gateway: the requests need a store and a processing run, so the sample hosts them
/// on a SQLite file (<c>Sample:StorePath</c>, a temporary folder by default). The gateway's KCIs go to the tenant's own
/// receiver, not here, so this host maps no endpoint: the sample ends once the gateway answered.
/// </summary>
internal sealed class StandaloneRequestsHost : IAsyncDisposable
{
    private readonly Microsoft.Extensions.Hosting.IHost _host;
    private readonly DirectoryInfo? _temporary;

    private StandaloneRequestsHost(Microsoft.Extensions.Hosting.IHost host, DirectoryInfo? temporary)
    {
        _host = host;
        _temporary = temporary;
    }

    public IServiceProvider Services => _host.Services;

    public static async Task<StandaloneRequestsHost> StartAsync(
        Action<IServiceCollection, FibreCafe.Testing.FibreCafeSandbox?> addClient, Microsoft.Extensions.Configuration.IConfiguration configuration, CancellationToken cancellationToken)
    {
        var temporary = configuration["Sample:StorePath"] is null ? Directory.CreateTempSubdirectory("fibrecafe-sample-") : null;
        var path = configuration["Sample:StorePath"] ?? Path.Combine(temporary!.FullName, "requests.db");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddFibreCafeKciReceiver(o =>
        {
            // Not served: the receiver is here for its store, and its check wants credentials.
            o.Authentication.Basic.Username = "unused";
            o.Authentication.Basic.Password = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        }).UseSqliteStore(path);
        addClient(builder.Services, null);
        var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        return new StandaloneRequestsHost(host, temporary);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync().ConfigureAwait(false);
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _temporary?.Delete(recursive: true);
    }
}
