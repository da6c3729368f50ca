using FibreCafe.Client;
using FibreCafe.Kci.Authentication;
using FibreCafe.Kci.Dispatch;
using FibreCafe.Kci.Kcis;
using FibreCafe.Kci.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FibreCafe.Kci.Endpoint;

/// <summary>
/// <c>POST /kcis</c>: authenticate, read the body under its cap, validate, store in the inbox, and only
/// then answer 204. Every refusal is a gateway-shaped error; nothing the gateway sends yields a 500.
/// </summary>
internal sealed class KciEndpoint(
    KciRequestAuthenticator authenticator,
    IKciInbox inbox,
    KciDispatchSignal signal,
    IOptionsMonitor<FibreCafeKciOptions> options,
    TimeProvider timeProvider,
    KciReceiverMetrics metrics,
    ILogger<KciEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context)
    {
        var requestId = KciHeaders.Read(context.Request, FibreCafeHeaders.RequestId);
        var conversationId = KciHeaders.Read(context.Request, FibreCafeHeaders.ConversationId);
        using var scope = Log.BeginDeliveryScope(logger, requestId, conversationId);
        try
        {
            await HandleCoreAsync(context, requestId, conversationId).ConfigureAwait(false);
        }
        catch (Exception ex) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (the connection closed mid-body or while the KCI was stored): no answer can
            // reach it, nothing was acknowledged, and it is no failure of ours, so it is not logged as one.
            ClientDisconnected(requestId, "while the request was handled", ex);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // Whatever else fails is on our side (e.g. the token authority's keys cannot be fetched): answer
            // in the gateway's shape, with a status that makes it deliver the KCI again.
            await UnavailableAsync(context, requestId, ex).ConfigureAwait(false);
        }
    }

    private async Task HandleCoreAsync(HttpContext context, string? requestId, string? conversationId)
    {
        var auth = await authenticator.AuthenticateAsync(context).ConfigureAwait(false);
        if (auth.StatusCode is { } refused)
        {
            foreach (var challenge in auth.Challenges)
            {
                context.Response.Headers.Append("WWW-Authenticate", challenge);
            }

            var uuid = await GatewayErrorResponse.WriteAsync(context, refused, GatewayErrorCode.NotAuthorised, [auth.Message]).ConfigureAwait(false);
            Log.NotAuthenticated(logger, refused, uuid, requestId, auth.Detail ?? auth.Message);
            metrics.Received("unauthorised");
            return;
        }

        // Which credential the gateway used: during a rotation this tells when the old one can go.
        Log.Authenticated(logger, auth.Scheme, auth.Principal?.Identity?.Name);

        // After authentication, so that a caller without credentials learns nothing but 401.
        if (!KciContentType.IsAccepted(context.Request.ContentType))
        {
            await RefuseAsync(
                context,
                StatusCodes.Status415UnsupportedMediaType,
                GatewayErrorCode.InvalidRequest,
                [$"The body must be JSON (Content-Type application/json), not {KciHeaders.Clean(context.Request.ContentType!)}."],
                requestId).ConfigureAwait(false);
            return;
        }

        var maxBytes = options.CurrentValue.MaxBodyBytes;
        ReadOnlyMemory<byte>? body;
        try
        {
            body = await KciBodyReader.ReadAsync(context.Request, maxBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Too slow or too short: the client's fault, not the store's. A 503 would invite the gateway to send the
            // same broken delivery for ever; a 4xx in its own shape tells it what went wrong.
            await BodyClientFaultAsync(context, ex, requestId).ConfigureAwait(false);
            return;
        }

        if (body is not { } bytes)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, GatewayErrorCode.InvalidRequest, [KciParseResult.TooLargeMessage(maxBytes)], requestId).ConfigureAwait(false);
            return;
        }

        var read = KciParser.Parse(bytes, maxBytes);
        if (!read.IsValid)
        {
            await RefuseAsync(context, read.StatusCode, read.ErrorCode!.Value, read.Messages, requestId).ConfigureAwait(false);
            return;
        }

        await StoreAsync(context, read, bytes, requestId, conversationId).ConfigureAwait(false);
    }

    private async Task StoreAsync(HttpContext context, KciParseResult read, ReadOnlyMemory<byte> body, string? requestId, string? conversationId)
    {
        var envelope = read.Envelope!;
        var now = timeProvider.GetUtcNow();
        KciInboxAddResult added;
        try
        {
            added = await inbox.AddAsync(read.ToInboxEntry(body, now, requestId, conversationId), context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Not acknowledged: the gateway keeps the KCI and delivers it again.
            await UnavailableAsync(context, requestId, ex).ConfigureAwait(false);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The store failed while the client had gone: no one to answer, but still our failure, logged as such.
            Log.ReceiverUnavailable(logger, "none (the client had gone)", requestId, ex);
            metrics.Received("unavailable");
            return;
        }

        if (added == KciInboxAddResult.Added)
        {
            Log.KciStored(logger, envelope.Id, envelope.SequenceNumber, read.EntityKey, envelope.UpdateType.Value, requestId, conversationId);
            metrics.Received("stored");
            signal.Notify();
        }
        else
        {
            Log.KciDuplicate(logger, envelope.Id, requestId);
            metrics.Received("duplicate");
        }

        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    private async Task UnavailableAsync(HttpContext context, string? requestId, Exception exception)
    {
        var uuid = await GatewayErrorResponse.WriteAsync(
            context, StatusCodes.Status503ServiceUnavailable, GatewayErrorCode.TenantFault, ["The KCI could not be stored; deliver it again later."]).ConfigureAwait(false);
        Log.ReceiverUnavailable(logger, uuid, requestId, exception);
        metrics.Received("unavailable");
    }

    private async Task BodyClientFaultAsync(HttpContext context, BadHttpRequestException exception, string? requestId)
    {
        if (EndedEarly(exception))
        {
            // The client closed its side of the connection mid-body: it went away, though it may still hear a 400.
            ClientDisconnected(requestId, "the body ended before its Content-Length; answered 400 in case it still listens", exception);
            try
            {
                await GatewayErrorResponse.WriteAsync(
                    context, StatusCodes.Status400BadRequest, GatewayErrorCode.MalformedRequest, ["The body ended before its Content-Length; nothing was stored."]).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                // No one listens any more; it was logged above.
            }

            return;
        }

        var (status, code, message) = exception.StatusCode == StatusCodes.Status408RequestTimeout
            ? (StatusCodes.Status408RequestTimeout, GatewayErrorCode.InvalidRequest, "The body arrived too slowly and was not read; nothing was stored.")
            : (exception.StatusCode, GatewayErrorCode.MalformedRequest, "The body could not be read (e.g. its chunked framing is broken); nothing was stored.");
        var uuid = await GatewayErrorResponse.WriteAsync(context, status, code, [message]).ConfigureAwait(false);
        Log.KciBodyClientFault(logger, status, code.Value, uuid, requestId, exception.Message);
        metrics.Received("rejected");
    }

    // Kestrel's "Unexpected end of request content": the connection's input ended (FIN) before the body did. Kestrel
    // does not expose the reason but in this message; a mismatch only logs the case as a client fault instead.
    private static bool EndedEarly(BadHttpRequestException exception) =>
        exception.StatusCode == StatusCodes.Status400BadRequest
        && exception.Message.StartsWith("Unexpected end of request content", StringComparison.Ordinal);

    private void ClientDisconnected(string? requestId, string stage, Exception exception)
    {
        Log.ClientDisconnected(logger, stage, requestId, $"{exception.GetType().Name}: {exception.Message}");
        metrics.Received("aborted");
    }

    private async Task RefuseAsync(HttpContext context, int statusCode, GatewayErrorCode code, IReadOnlyList<string> messages, string? requestId)
    {
        var uuid = await GatewayErrorResponse.WriteAsync(context, statusCode, code, messages).ConfigureAwait(false);
        Log.KciRefused(logger, statusCode, code.Value, uuid, requestId, string.Join(" ", messages));
        metrics.Received("rejected");
    }
}
