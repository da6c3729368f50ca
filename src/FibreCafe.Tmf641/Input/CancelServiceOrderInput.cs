using System.Globalization;
using System.Text.Json;
using FibreCafe.Client;
using FibreCafe.Kci;
using FibreCafe.Requests;
using FibreCafe.Tmf641.Endpoints;
using FibreCafe.Tmf641.Resources;

namespace FibreCafe.Tmf641.Input;

/// <summary>
/// Reads a <c>CancelServiceOrder_Create</c> into a durable request's submission, naming the field of anything wrong.
/// The Fibre Cafe fields (<c>reasonCode</c>, <c>text</c>, <c>supplier</c>) are read only under
/// <c>@type: FibreCafeCancelServiceOrder</c>: under another type they would be silently ignored, so they are refused;
/// any other <c>@type</c> is taken as a plain CancelServiceOrder.
/// </summary>
internal static class CancelServiceOrderInput
{
    private static readonly string[] Readonly = ["id", "href", "state", "effectiveCancellationDate", "completionMessage", "errorMessage"];
    private static readonly string[] Extension = ["reasonCode", "text", "supplier"];

    public static (CancellationSubmission? Submission, Tmf641Problem? Problem) Read(ReadOnlyMemory<byte> body, Tmf641Options options)
    {
        var (root, problem) = JsonBody.ReadObject(body, "a CancelServiceOrder_Create JSON object");
        return problem is null ? Read(root, options) : (null, problem);
    }

    private static (CancellationSubmission?, Tmf641Problem?) Read(JsonElement root, Tmf641Options options)
    {
        if (Readonly.FirstOrDefault(p => root.TryGetProperty(p, out _)) is { } given)
        {
            return Bad(given, $"{given} is set by the server and may not be given (CancelServiceOrder_Create skips id, href, state, effectiveCancellationDate, completionMessage and errorMessage).");
        }

        if (!JsonBody.TryText(root, "@type", out var type, out var typeProblem))
        {
            return (null, typeProblem);
        }

        // Any other @type (a caller's own sub-class) is accepted as a plain CancelServiceOrder: TMF's extension pattern.
        var extended = string.Equals(type, Tmf641Constants.ExtensionType, StringComparison.Ordinal);

        if (!extended && Extension.FirstOrDefault(p => root.TryGetProperty(p, out _)) is { } field)
        {
            return Bad(field, $"{field} is a field of @type {Tmf641Constants.ExtensionType}; set @type to it to send {field}.");
        }

        if (!root.TryGetProperty("serviceOrder", out var order) || order.ValueKind == JsonValueKind.Null)
        {
            return Bad("serviceOrder", "serviceOrder is required: the reference of the order to cancel.");
        }

        if (order.ValueKind != JsonValueKind.Object)
        {
            return Bad("serviceOrder", "serviceOrder must be a ServiceOrderRef object.");
        }

        if (OrderId(order) is not { } orderId)
        {
            return Bad("serviceOrder.id", "serviceOrder.id is required and must be a Fibre Cafe order id: a whole number of at least 1, e.g. \"12345\".");
        }

        string? reason = null, reasonCode = null, text = null, supplier = null, requestedText = null;
        foreach (var (name, read) in new (string, Action<string?>)[]
        {
            ("cancellationReason", v => reason = v),
            ("requestedCancellationDate", v => requestedText = v),
            ("reasonCode", v => reasonCode = v),
            ("text", v => text = v),
            ("supplier", v => supplier = v),
        })
        {
            if (!JsonBody.TryText(root, name, out var value, out var problem))
            {
                return (null, problem);
            }

            read(value);
        }

        if (reason is { Length: > CancellationRequestMetadata.MaxValueLength })
        {
            return Bad("cancellationReason", $"cancellationReason must be at most {CancellationRequestMetadata.MaxValueLength} characters (was {reason.Length}).");
        }

        DateTimeOffset? requested = null;
        if (requestedText is not null)
        {
            if (!Tmf641Json.TryParseTime(requestedText, out var date))
            {
                return Bad("requestedCancellationDate", $"requestedCancellationDate must be an RFC 3339 date-time with an offset, e.g. 2026-12-24T08:00:00Z, not '{requestedText}'.");
            }

            requested = date;
        }

        var (code, reasonText) = ReasonCodes.Map(reason, options);
        var request = new ServiceOrderCancellationRequest
        {
            OrderId = orderId,
            ReasonCode = reasonCode ?? code,
            Text = text ?? reasonText,
            Supplier = supplier,
        };
        if (FibreCafeRequestValidation.Validate(request) is { } invalid)
        {
            var named = invalid.Field switch { "orderId" => "serviceOrder.id", "reasonCode" when reasonCode is null => "cancellationReason", "text" when text is null => "cancellationReason", var f => f };
            return Bad(named, $"{named}: {invalid.Reason}");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        if (reason is not null)
        {
            metadata[Tmf641Constants.ReasonMetadataKey] = reason;
        }

        if (requestedText is not null)
        {
            metadata[Tmf641Constants.RequestedDateMetadataKey] = requestedText;
        }

        return (CancellationSubmission.ForOrder(request) with { ScheduledFor = requested, Metadata = metadata }, null);
    }

    private static long? OrderId(JsonElement order)
    {
        if (!order.TryGetProperty("id", out var id))
        {
            return null;
        }

        var text = id.ValueKind switch { JsonValueKind.String => id.GetString(), JsonValueKind.Number => id.GetRawText(), _ => null };
        return text is not null && text.All(char.IsAsciiDigit) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1
            ? value
            : null;
    }

    private static (CancellationSubmission?, Tmf641Problem?) Bad(string field, string message) => (null, Tmf641Problem.BadRequest(field, message));
}
